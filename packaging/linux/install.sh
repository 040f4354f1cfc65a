#!/bin/sh
# Install Charter Studio from this folder (the unpacked Linux tarball).
#   sudo ./install.sh              for every user: /opt/charter-studio, /usr/local/bin, /usr/local/share
#   ./install.sh --user            for yourself only: ~/.local/opt, ~/.local/bin, ~/.local/share
#   sudo ./install.sh --uninstall  (or --user --uninstall) removes what it installed
# Nothing is downloaded; the folder holds the app, its Python, Qt, Typst and git.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$here/charter-studio" ] || [ ! -d "$here/share/applications" ]; then
  echo "Run the install.sh of a built folder (build/dist/charter-studio or the unpacked tarball)." >&2
  exit 1
fi
app_id=org.charterstudio.CharterStudio
scope=system
action=install
for argument in "$@"; do
  case "$argument" in
    --user) scope=user ;;
    --uninstall) action=uninstall ;;
    *) echo "usage: $0 [--user] [--uninstall]" >&2; exit 2 ;;
  esac
done
if [ "$scope" = user ]; then
  prefix="${PREFIX:-$HOME/.local/opt/charter-studio}" bin="${BINDIR:-$HOME/.local/bin}"
  share="${DATADIR:-$HOME/.local/share}"
else
  prefix="${PREFIX:-/opt/charter-studio}" bin="${BINDIR:-/usr/local/bin}"
  share="${DATADIR:-/usr/local/share}"
fi

rm -f "$bin/charter-studio" "$bin/charter" "$share/applications/$app_id.desktop" \
  "$share/metainfo/$app_id.metainfo.xml"
find "$share/icons/hicolor" -name "$app_id.*" -delete 2>/dev/null || true
if [ "$action" = uninstall ]; then
  rm -rf "$prefix"
  echo "Charter Studio removed (charters in your data folder are kept)."
  exit 0
fi

if [ "$here" != "$prefix" ]; then
  rm -rf "$prefix"
  mkdir -p "$(dirname "$prefix")"
  cp -R "$here" "$prefix"
fi
mkdir -p "$bin" "$share/applications" "$share/metainfo" "$share/icons"
ln -s "$prefix/charter-studio" "$bin/charter-studio"
ln -s "$prefix/charter" "$bin/charter"
# Absolute Exec= path: ~/.local/bin is not on every desktop session's PATH.
sed -e "s|^Exec=charter-studio|Exec=$prefix/charter-studio|" \
  -e "s|^TryExec=charter-studio|TryExec=$prefix/charter-studio|" \
  "$prefix/share/applications/$app_id.desktop" >"$share/applications/$app_id.desktop"
cp "$prefix/share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
cp -R "$prefix/share/icons/hicolor" "$share/icons/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "Charter Studio installed in $prefix; start it from the applications menu or with: charter-studio"
