# Build Charter Studio for Windows (x64). UNTESTED: written on Linux; see packaging/README.md.
# Run from the repository root in PowerShell:   powershell -File packaging\windows\build-windows.ps1
# Needs: Python 3.11+ (py launcher), Inno Setup 6 (ISCC.exe on PATH), and a MinGit zip
# downloaded by hand
# (see $MinGitZip below) - this script downloads nothing.
param(
    [string]$MinGitZip = "build\MinGit-64-bit.zip"
)
$ErrorActionPreference = "Stop"

$venv = "build\packaging-venv"
if (-not (Test-Path "$venv\Scripts\pyinstaller.exe")) {
    py -3.11 -m venv $venv
    & "$venv\Scripts\python.exe" -m pip install -q --upgrade pip
    & "$venv\Scripts\python.exe" -m pip install -q "pyinstaller>=6.10,<7" "pillow>=10"
}
& "$venv\Scripts\python.exe" -m pip install -q .
$version = & "$venv\Scripts\python.exe" -c "import charter_app; print(charter_app.__version__)"

# Icons (.ico from the SVG)
& "$venv\Scripts\python.exe" packaging\render_icons.py build\icons

$env:CHARTER_ICONS = (Resolve-Path build\icons).Path
& "$venv\Scripts\pyinstaller.exe" --noconfirm --clean --distpath build\dist --workpath build\work `
    packaging\pyinstaller\charter-studio.spec

# git: MinGit (Git for Windows' minimal, redistributable git) unpacked as _internal\git, so that
# _internal\git\cmd\git.exe exists (charter_app/gitbinary.py looks for exactly that).
if (-not (Test-Path $MinGitZip)) { throw "MinGit zip not found: $MinGitZip (see packaging/README.md)" }
Expand-Archive -Force $MinGitZip "build\dist\charter-studio\_internal\git"
& "build\dist\charter-studio\_internal\git\cmd\git.exe" --version

# Smoke test (CLI): a copy of the example, a change, a PDF.
$work = Join-Path $env:TEMP "charter-smoke"
Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
$env:CHARTER_STUDIO_HOME = "$work\home"
& build\dist\charter-studio\charter.exe --version
& build\dist\charter-studio\charter.exe init "$work\charte"
& build\dist\charter-studio\charter.exe -C "$work\charte" export --format pdf -o "$work\charte.pdf"

# Installer
ISCC.exe /DAppVersion=$version packaging\windows\charter-studio.iss
