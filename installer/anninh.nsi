; An Ninh Desktop – Windows installer (NSIS 3).
;
; Per-user by default, without administrator rights: $LOCALAPPDATA\Programs\An Ninh Desktop, shortcuts
; and file types for the current user (HKCU). Run elevated ("Run as administrator"), it installs for
; all users: $PROGRAMFILES64\An Ninh Desktop, HKLM. Pages in Vietnamese (default) and English.
; The uninstaller removes the program's files only: the user's data folder
; (%LOCALAPPDATA%\AnNinhDesktop, or a "data" folder someone put beside the program) is never touched.
;
; Built by scripts/build-windows.ps1 (the real one) and scripts/build-bundle --nsis (a compile check
; against the Linux folder as stand-in payload):
;   makensis -INPUTCHARSET UTF8 /DVERSION=0.1.0 /DPAYLOAD=C:\...\dist\anninh-desktop
;            /DOUTFILE=C:\...\dist\AnNinhDesktop-0.1.0-setup.exe [/DCOMPRESS=off] installer\anninh.nsi
; VERSION comes from pyproject.toml ([project] version), read by the build script.

Unicode true
ManifestDPIAware true

!ifndef VERSION
  !error "VERSION is not defined: pass /DVERSION=<pyproject.toml's version>"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\dist\anninh-desktop"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\AnNinhDesktop-${VERSION}-setup.exe"
!endif
!ifdef COMPRESS
  !if "${COMPRESS}" == "off"
    SetCompress off
  !else
    SetCompressor /SOLID lzma
  !endif
!else
  SetCompressor /SOLID lzma
!endif

!define PRODUCT "An Ninh Desktop"
!define PUBLISHER "An Ninh Desktop"
!define APP_EXE "anninh-desktop.exe"
!define CLI_EXE "anninh.exe"
!define UNINSTALLER "Gỡ cài đặt.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\AnNinhDesktop"
!define SETTINGS_KEY "Software\AnNinhDesktop"
; Vietnamese names of the shortcuts (the same whatever language the installer speaks).
!define SHORTCUT_APP "An Ninh Desktop - Toàn dân bảo vệ ANTQ"
!define SHORTCUT_UNINSTALL "Gỡ cài đặt An Ninh Desktop"
!define MENU_FOLDER "An Ninh Desktop"
; File types: USB sync packages and acknowledgements open in the program (the import); signed
; dossiers get an "Open with" entry only (the PDF reader stays the default for .pdf).
!define PROGID_SYNC "AnNinhDesktop.SyncPackage"
!define PROGID_ACK "AnNinhDesktop.SyncAck"
!define PROGID_PDF "AnNinhDesktop.Dossier"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
RequestExecutionLevel user
SetOverwrite on
ShowInstDetails show
ShowUninstDetails show
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Cài đặt ${PRODUCT} / ${PRODUCT} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"
!include "WinVer.nsh"

!define MUI_ABORTWARNING
!define MUI_ICON "..\resources\icons\anninh.ico"
!define MUI_UNICON "..\resources\icons\anninh.ico"
!define MUI_LANGDLL_REGISTRY_ROOT SHCTX
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString NeedsWindows10 ${LANG_VIETNAMESE} "${PRODUCT} cần Windows 10 hoặc 11, bản 64-bit."
LangString NeedsWindows10 ${LANG_ENGLISH} "${PRODUCT} needs 64-bit Windows 10 or 11."
LangString AllUsersNote ${LANG_VIETNAMESE} "Đang chạy với quyền quản trị: chương trình sẽ được cài cho mọi người dùng của máy."
LangString AllUsersNote ${LANG_ENGLISH} "Running as administrator: the program will be installed for every user of this computer."
LangString DataKept ${LANG_VIETNAMESE} "Dữ liệu của bạn (%LOCALAPPDATA%\AnNinhDesktop) được giữ nguyên."
LangString DataKept ${LANG_ENGLISH} "Your data (%LOCALAPPDATA%\AnNinhDesktop) is kept."
LangString NeedsAdmin ${LANG_VIETNAMESE} "Chương trình được cài cho mọi người dùng. Hãy chạy trình gỡ cài đặt với quyền quản trị (chuột phải → Run as administrator)."
LangString NeedsAdmin ${LANG_ENGLISH} "The program was installed for all users. Run the uninstaller as administrator (right-click → Run as administrator)."
LangString TypeSync ${LANG_VIETNAMESE} "Gói đồng bộ An Ninh Desktop"
LangString TypeSync ${LANG_ENGLISH} "An Ninh Desktop sync package"
LangString TypeAck ${LANG_VIETNAMESE} "Xác nhận đồng bộ An Ninh Desktop"
LangString TypeAck ${LANG_ENGLISH} "An Ninh Desktop sync acknowledgement"
LangString TypePdf ${LANG_VIETNAMESE} "Hồ sơ ký số (An Ninh Desktop)"
LangString TypePdf ${LANG_ENGLISH} "Signed dossier (An Ninh Desktop)"

Var AllUsers

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWindows10)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  StrCpy $AllUsers 0
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 == "Admin"
    StrCpy $AllUsers 1
  ${EndIf}
  ${If} $AllUsers == 1
    SetShellVarContext all
    ; /D=... on the command line wins over the default folder.
    ${If} $INSTDIR == "$LOCALAPPDATA\Programs\${PRODUCT}"
      StrCpy $INSTDIR "$PROGRAMFILES64\${PRODUCT}"
    ${EndIf}
  ${Else}
    SetShellVarContext current
  ${EndIf}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

!macro RegisterType EXT PROGID DESCRIPTION
  WriteRegStr SHCTX "Software\Classes\${EXT}" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "${DESCRIPTION}"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
!macroend

Section "${PRODUCT}" SecProgram
  SectionIn RO
  ${If} $AllUsers == 1
    DetailPrint "$(AllUsersNote)"
  ${EndIf}
  ; A new version replaces the old program's files (never the data, which lives elsewhere).
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  ; Shortcuts, with Vietnamese names.
  CreateDirectory "$SMPROGRAMS\${MENU_FOLDER}"
  CreateShortcut "$SMPROGRAMS\${MENU_FOLDER}\${SHORTCUT_APP}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${MENU_FOLDER}\${SHORTCUT_UNINSTALL}.lnk" "$INSTDIR\${UNINSTALLER}"
  CreateShortcut "$DESKTOP\${SHORTCUT_APP}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; File types.
  !insertmacro RegisterType ".ansync" "${PROGID_SYNC}" "$(TypeSync)"
  !insertmacro RegisterType ".ansack" "${PROGID_ACK}" "$(TypeAck)"
  WriteRegStr SHCTX "Software\Classes\${PROGID_PDF}" "" "$(TypePdf)"
  WriteRegStr SHCTX "Software\Classes\${PROGID_PDF}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "Software\Classes\${PROGID_PDF}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  WriteRegStr SHCTX "Software\Classes\.pdf\OpenWithProgids" "${PROGID_PDF}" ""
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Programs and Features.
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegDWORD SHCTX "${SETTINGS_KEY}" "AllUsers" $AllUsers
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
  ; Installed for all users (HKLM holds our key)? Then the uninstaller needs the rights for it.
  StrCpy $AllUsers 0
  ReadRegDWORD $0 HKLM "${SETTINGS_KEY}" "AllUsers"
  ReadRegStr $1 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 == 1
  ${AndIf} $1 == $INSTDIR
    StrCpy $AllUsers 1
  ${EndIf}
  ${If} $AllUsers == 1
    UserInfo::GetAccountType
    Pop $0
    ${If} $0 != "Admin"
      MessageBox MB_OK|MB_ICONSTOP "$(NeedsAdmin)" /SD IDOK
      Abort
    ${EndIf}
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
FunctionEnd

!macro UnregisterType EXT PROGID
  ReadRegStr $0 SHCTX "Software\Classes\${EXT}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey SHCTX "Software\Classes\${EXT}"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
!macroend

Section "Uninstall"
  ; The program's own files only, by name: a "data" folder beside the program (portable use) and
  ; the user's data folder (%LOCALAPPDATA%\AnNinhDesktop) stay.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"  ; only if empty

  Delete "$SMPROGRAMS\${MENU_FOLDER}\${SHORTCUT_APP}.lnk"
  Delete "$SMPROGRAMS\${MENU_FOLDER}\${SHORTCUT_UNINSTALL}.lnk"
  RMDir "$SMPROGRAMS\${MENU_FOLDER}"
  Delete "$DESKTOP\${SHORTCUT_APP}.lnk"

  !insertmacro UnregisterType ".ansync" "${PROGID_SYNC}"
  !insertmacro UnregisterType ".ansack" "${PROGID_ACK}"
  DeleteRegValue SHCTX "Software\Classes\.pdf\OpenWithProgids" "${PROGID_PDF}"
  DeleteRegKey SHCTX "Software\Classes\${PROGID_PDF}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "${SETTINGS_KEY}"
  DetailPrint "$(DataKept)"
SectionEnd
