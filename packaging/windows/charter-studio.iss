; Inno Setup script for Charter Studio on Windows. UNTESTED: written on Linux, never compiled.
; Built by packaging/windows/build-windows.ps1, which passes the version:
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\charter-studio.iss
; Input: build\dist\charter-studio\ (PyInstaller folder, MinGit in _internal\git), build\icons.
; Output: build\dist\charter-studio-<version>-windows-x64-setup.exe

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z (from charter_app/__init__.py)
#endif
#define Root "..\.."

[Setup]
; Never change AppId: Windows identifies the installed app (upgrades, uninstall) by it.
AppId={{772BF223-3566-4045-AF23-0E0E2C57A8C0}
AppName=Charter Studio
AppVersion={#AppVersion}
AppVerName=Charter Studio {#AppVersion}
AppPublisher=Charter Studio contributors
DefaultDirName={autopf}\Charter Studio
DefaultGroupName=Charter Studio
; Per-machine by default (the town hall's IT staff installs it once); per-user if not admin.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile={#Root}\LICENSE
SetupIconFile={#Root}\build\icons\charter-studio.ico
UninstallDisplayIcon={app}\charter-studio.exe
OutputDir={#Root}\build\dist
OutputBaseFilename=charter-studio-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "addtopath"; Description: "{cm:AddToPath}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[CustomMessages]
fr.AddToPath=Ajouter la commande « charter » au PATH (pour les scripts)
en.AddToPath=Add the "charter" command to PATH (for scripts)

[Files]
Source: "{#Root}\build\dist\charter-studio\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Root}\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"

[Icons]
Name: "{group}\Charter Studio"; Filename: "{app}\charter-studio.exe"; AppUserModelID: "org.charterstudio.CharterStudio"
Name: "{group}\{cm:UninstallProgram,Charter Studio}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Charter Studio"; Filename: "{app}\charter-studio.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: IsAdminInstallMode; Flags: preservestringtype

[Run]
Filename: "{app}\charter-studio.exe"; Parameters: "--example"; Description: "{cm:LaunchProgram,Charter Studio}"; Flags: nowait postinstall skipifsilent
