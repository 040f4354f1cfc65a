#!/usr/bin/env bash
# Build Charter Studio for Linux (PyInstaller, one folder), bundle git, add the desktop files,
# validate them, pack a tarball and smoke-test the result. Slow (several minutes): CI does not
# run it; run it before a release.   bash packaging/build-linux.sh   (SKIP_SMOKE=1 to skip tests)
#
# Output: build/dist/charter-studio/                 the app folder (charter-studio, charter, install.sh)
#         build/dist/charter-studio-<v>-linux-<arch>.tar.gz
# Needs: python3.11+ with venv, git, and for the smoke test Xvfb, xdotool, ImageMagick, bc.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
app_id=org.charterstudio.CharterStudio
venv=build/packaging-venv
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/pyinstaller" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q "pyinstaller>=6.10,<7" "pillow>=10"
fi
# The app's dependencies, as pyproject.toml pins them (the spec analyses the source tree itself).
"$venv/bin/pip" install -q .
version="$("$venv/bin/python" -c 'import sys; sys.path.insert(0, "."); import charter_app; print(charter_app.__version__)')"
arch="$(uname -m)"
echo "== Charter Studio $version for Linux $arch ($("$venv/bin/pyinstaller" --version), $("$venv/bin/python" --version))"

echo "== icons"
rm -rf build/icons
"$venv/bin/python" packaging/render_icons.py build/icons

echo "== PyInstaller"
CHARTER_ICONS="$root/build/icons" "$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath build/dist --workpath build/work packaging/pyinstaller/charter-studio.spec
dist=build/dist/charter-studio
internal="$dist/_internal"

echo "== git"
bash packaging/linux/bundle-git.sh "$internal"

echo "== checks on the bundle"
for needed in charters/val-de-leze/charter.yaml charter_app/locale/fr/LC_MESSAGES/charter.mo \
  charter_app/export/site/templates/principle.html resources/icons/app.svg resources/base.qss \
  charter_app/web/templates/base.html charter_app/web/static/companion.js \
  PySide6/Qt/plugins/platforms/libqxcb.so PySide6/Qt/plugins/platforms/libqoffscreen.so \
  PySide6/Qt/plugins/imageformats/libqsvg.so PySide6/Qt/translations/qtbase_fr.qm; do
  if [ -e "$internal/$needed" ]; then echo "ok  $needed"; else echo "MISSING $needed"; exit 1; fi
done
ls "$internal"/typst/*.so >/dev/null && echo "ok  typst (PDF export)" || { echo "MISSING typst"; exit 1; }

echo "== desktop integration"
share="$dist/share"
mkdir -p "$share/applications" "$share/metainfo" "$share/icons"
cp packaging/linux/$app_id.desktop "$share/applications/"
cp packaging/linux/$app_id.metainfo.xml "$share/metainfo/"
cp -R build/icons/hicolor "$share/icons/"
cp packaging/linux/install.sh "$dist/install.sh"
cp LICENSE "$dist/LICENSE"
chmod +x "$dist/install.sh"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$share/applications/$app_id.desktop" && echo "desktop-file-validate: ok"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml"
fi

echo "== tarball"
tarball="build/dist/charter-studio-$version-linux-$arch.tar.gz"
tar -C build/dist -czf "$tarball" charter-studio
echo "folder: $(du -sh "$dist" | cut -f1)   tarball: $(du -sh "$tarball" | cut -f1)  ($tarball)"

if [ "${SKIP_SMOKE:-}" != 1 ]; then
  echo "== smoke test"
  bash packaging/linux/smoke-test.sh "$dist" build/smoke
fi
