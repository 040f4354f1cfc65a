#!/usr/bin/env bash
# Copy this machine's git into a packaged Charter Studio, so the app needs no git installed:
#   packaging/linux/bundle-git.sh <dist>/charter-studio/_internal
# Layout written (charter_app/gitbinary.py finds it and sets GIT_EXEC_PATH, GIT_TEMPLATE_DIR and
# LD_LIBRARY_PATH for every git process):
#   git/bin/git                      the git program (Debian's /usr/bin/git)
#   git/libexec/git-core/            git-<builtin> -> ../../bin/git symlinks: a local fetch or
#                                    push starts git-upload-pack / git-receive-pack by name
#   git/libexec/git-core/git-remote-http(s)  https remotes only: needs the system's libcurl
#   git/lib/                         git's shared libraries other than glibc (pcre2, zlib)
#   git/share/git-core/templates/    templates without the sample hooks
#   git/COPYING                      git's licence (GPL-2.0) and Debian's copyright file
set -euo pipefail

internal="${1:?usage: bundle-git.sh <dist>/charter-studio/_internal}"
dest="$internal/git"
git_program="$(command -v git)"
exec_path="$(git --exec-path)"

rm -rf "$dest"
mkdir -p "$dest/bin" "$dest/libexec/git-core" "$dest/lib" "$dest/share/git-core"
cp -L "$git_program" "$dest/bin/git"

# Every builtin that git-core exposes as a separate name, as a symlink to the one program.
for entry in "$exec_path"/*; do
  name="$(basename "$entry")"
  if [ -L "$entry" ] && [ "$(readlink "$entry")" = git ]; then
    ln -s ../../bin/git "$dest/libexec/git-core/$name"
  fi
done
ln -s ../../bin/git "$dest/libexec/git-core/git"
# https remotes (sync with the authority's Gitea/Forgejo/GitLab): optional, never needed offline.
if [ -x "$exec_path/git-remote-http" ]; then
  cp -L "$exec_path/git-remote-http" "$dest/libexec/git-core/git-remote-http"
  for scheme in https ftp ftps; do
    ln -s git-remote-http "$dest/libexec/git-core/git-remote-$scheme"
  done
fi

# Shared libraries of git itself, except the C library family every Linux system has.
ldd "$dest/bin/git" | awk '/=> \// { print $3 }' | while read -r library; do
  case "$(basename "$library")" in
    libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | librt.so.* | ld-linux*) ;;
    *) cp -L "$library" "$dest/lib/" ;;
  esac
done

templates="$(dirname "$exec_path")/../share/git-core/templates"
[ -d "$templates" ] || templates=/usr/share/git-core/templates
mkdir -p "$dest/share/git-core/templates"
if [ -d "$templates" ]; then
  cp -R "$templates/." "$dest/share/git-core/templates/"
  rm -rf "$dest/share/git-core/templates/hooks"  # hooks never run anyway (core.hooksPath)
fi

{
  echo "This folder holds git $("$dest/bin/git" --version | cut -d' ' -f3), copied from the build machine."
  echo "git is free software under the GNU General Public License, version 2."
  echo "Source: https://git-scm.com/ (and the Linux distribution's git source package)."
  if [ -f /usr/share/doc/git/copyright ]; then
    echo
    cat /usr/share/doc/git/copyright
  fi
} >"$dest/COPYING"

echo "bundled $("$dest/bin/git" --version) into $dest ($(du -sh "$dest" | cut -f1))"
