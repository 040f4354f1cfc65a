#!/usr/bin/env bash
# Build "Charter Studio.app" and a .dmg on macOS. UNTESTED: written on Linux; see packaging/README.md.
#   bash packaging/macos/build-macos.sh
# Needs: python3.11+ (python.org or Homebrew), Xcode command line
# tools (to compile git: make, cc), and a git source tarball or checkout in $GIT_SOURCE.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=build/packaging-venv
python="${PYTHON:-python3.11}"
git_source="${GIT_SOURCE:?set GIT_SOURCE to an unpacked git release (e.g. git-2.47.1)}"

if [ ! -x "$venv/bin/pyinstaller" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q "pyinstaller>=6.10,<7" "pillow>=10"
fi
"$venv/bin/pip" install -q .
version="$("$venv/bin/python" -c 'import charter_app; print(charter_app.__version__)')"

"$venv/bin/python" packaging/render_icons.py build/icons   # writes charter-studio.icns too

CHARTER_ICONS="$PWD/build/icons" "$venv/bin/pyinstaller" --noconfirm --clean \
  --distpath build/dist --workpath build/work packaging/pyinstaller/charter-studio.spec
app="build/dist/Charter Studio.app"

# git: the Xcode tools' /usr/bin/git is a stub that asks to install the tools, so build git and
# put it in Contents/Frameworks/git (sys._MEIPASS in a PyInstaller 6 .app): RUNTIME_PREFIX
# makes it find its helpers relative to itself; gitbinary.py sets GIT_EXEC_PATH anyway.
make -C "$git_source" -j"$(sysctl -n hw.ncpu)" prefix=/ RUNTIME_PREFIX=YesPlease \
  NO_GETTEXT=1 NO_TCLTK=1 NO_PERL=1 NO_PYTHON=1 NO_INSTALL_HARDLINKS=1 INSTALL_SYMLINKS=1 \
  DESTDIR="$PWD/$app/Contents/Frameworks/git" install
rm -rf "$app/Contents/Frameworks/git/share/gitweb" "$app/Contents/Frameworks/git/share/git-gui"
"$app/Contents/Frameworks/git/bin/git" --version

# Ad-hoc signature so Gatekeeper runs it on the build Mac; a release needs a Developer ID
# signature and notarisation (codesign --options runtime, xcrun notarytool) - not done here.
codesign --force --deep --sign - "$app"

work="$(mktemp -d)"
CHARTER_STUDIO_HOME="$work/home" "$app/Contents/MacOS/charter" init "$work/charte"
CHARTER_STUDIO_HOME="$work/home" "$app/Contents/MacOS/charter" -C "$work/charte" \
  export --format pdf -o "$work/charte.pdf"

hdiutil create -volname "Charter Studio" -srcfolder "$app" -ov -format UDZO \
  "build/dist/charter-studio-$version-macos-$(uname -m).dmg"
