<#
.SYNOPSIS
  Build the Windows installer and the portable zip of An Ninh Desktop (the Windows twin of
  scripts/build-bundle; run by .github/workflows/windows-installer.yml).

.DESCRIPTION
  On 64-bit Windows 10/11 with Python 3.12 (python.org or `py` launcher) and NSIS 3 (makensis on
  PATH or in Program Files), from any folder:
    powershell -ExecutionPolicy Bypass -File scripts\build-windows.ps1
  1. .venv from the lock: pip install --require-hashes -r requirements\bundle.txt (the program's
     packages and PyInstaller, the same versions as on Linux), then the program itself
     (no build isolation: nothing is resolved or downloaded beyond the lock)
  2. pybabel compile (the catalogs), pyinstaller installer\anninh.spec -> dist\anninh-desktop\
  3. the smoke test FROM THE BUNDLE, copied to a folder whose path has Vietnamese letters
     (anninh-desktop.exe is windowed: its result line is read from <data dir>\smoke-test.txt);
     portable mode (the marker puts the data beside the program)
  4. the licences of every part into dist\anninh-desktop\licenses\ and the bill of materials
     dist\AnNinhDesktop-<version>-sbom-windows.cdx.json (installer\licenses.py)
     the size report and the check that no unused Qt module is inside (installer\bundle_parts.py)
  5. makensis installer\anninh.nsi -> dist\AnNinhDesktop-<version>-setup.exe (LZMA, solid)
  6. dist\AnNinhDesktop-<version>-portable.zip (the folder + installer\anninh-portable.txt)
  The version is pyproject.toml's [project] version. PYTHON=<path> chooses the interpreter.
#>
[CmdletBinding()]
param(
    [switch]$NoBuild  # reuse dist\anninh-desktop from an earlier run
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$Root = (Get-Location).Path
$Dist = Join-Path $Root "dist\anninh-desktop"

function Invoke-Checked {
    param([string]$Exe, [Parameter(ValueFromRemainingArguments = $true)][string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "build-windows: '$Exe $Arguments' failed with exit code $LASTEXITCODE" }
}
function Step([string]$Text) { Write-Host "build-windows: $Text" }

$Py = Join-Path $Root ".venv\Scripts\python.exe"
if (-not $NoBuild) {
    if (-not (Test-Path $Py)) {
        Step "creating .venv"
        if ($env:PYTHON) { Invoke-Checked $env:PYTHON -m venv .venv }
        else { Invoke-Checked py -3.12 -m venv .venv }
    }
    Invoke-Checked $Py -c "import sys; sys.exit(sys.version_info < (3, 12))"
    # Exactly the locked versions (requirements\bundle.txt, exported from uv.lock by scripts/lock):
    # hashes checked, wheels only, no resolution; a lock older than pyproject.toml stops here.
    Invoke-Checked $Py scripts\lockfile.py check requirements\bundle.txt
    Step "installing requirements\bundle.txt (the program's packages and PyInstaller) into .venv"
    Invoke-Checked $Py -m pip install -q --require-hashes --no-deps --only-binary :all: -r requirements\bundle.txt
    Invoke-Checked $Py -m pip install -q --no-deps --no-build-isolation -e .
    Step "compiling the catalogs"
    Invoke-Checked (Join-Path $Root ".venv\Scripts\pybabel.exe") compile -d translations -D anninh
    Step "running PyInstaller"
    Invoke-Checked (Join-Path $Root ".venv\Scripts\pyinstaller.exe") --noconfirm --log-level WARN `
        --distpath dist --workpath build\pyinstaller installer\anninh.spec
}
if (-not (Test-Path (Join-Path $Dist "anninh-desktop.exe"))) { throw "build-windows: no bundle in $Dist" }
$Version = (& $Py -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()

# The smoke test from a copy in a path with Vietnamese letters and spaces.
$TrialParent = Join-Path $Root "build\Chương trình thử"
$Trial = Join-Path $TrialParent "An Ninh Desktop"
if (Test-Path $TrialParent) { Remove-Item -Recurse -Force $TrialParent }
New-Item -ItemType Directory -Force $TrialParent | Out-Null
Copy-Item -Recurse $Dist $Trial
$SmokeData = Join-Path $env:TEMP ("anninh-smoke-" + [guid]::NewGuid().ToString("N"))
Step "smoke test from the bundle in $Trial"
$env:QT_QPA_PLATFORM = "offscreen"
$Smoke = Start-Process -FilePath (Join-Path $Trial "anninh-desktop.exe") `
    -ArgumentList @("--smoke-test", "--data-dir", "`"$SmokeData`"") -Wait -PassThru
Remove-Item Env:\QT_QPA_PLATFORM
$Line = Get-Content -Encoding UTF8 (Join-Path $SmokeData "smoke-test.txt") -ErrorAction SilentlyContinue
Write-Host $Line
if ($Smoke.ExitCode -ne 0) { throw "build-windows: the smoke test failed (exit $($Smoke.ExitCode)); log in $SmokeData\logs" }
Remove-Item -Recurse -Force $SmokeData

Step "portable mode: the marker puts the data folder beside the program"
Copy-Item installer\anninh-portable.txt $Trial
Invoke-Checked (Join-Path $Trial "anninh.exe") criteria list | Out-Null
if (-not (Test-Path (Join-Path $Trial "data\anninh.sqlite3"))) { throw "build-windows: portable mode did not put the data in $Trial\data" }
Remove-Item -Recurse -Force $TrialParent

Step "licences and bill of materials"
$Sbom = Join-Path $Root "dist\AnNinhDesktop-$Version-sbom-windows.cdx.json"
Invoke-Checked $Py installer\licenses.py --bundle $Dist --sbom $Sbom

Step "size and parts"
Invoke-Checked $Py installer\bundle_parts.py $Dist --top 15

Step "installer"
$MakeNsis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $MakeNsis) {
    foreach ($candidate in @("${env:ProgramFiles(x86)}\NSIS\makensis.exe", "$env:ProgramFiles\NSIS\makensis.exe")) {
        if (Test-Path $candidate) { $MakeNsis = $candidate; break }
    }
}
if (-not $MakeNsis) { throw "build-windows: makensis not found; install NSIS 3 (https://nsis.sourceforge.io)" }
$Setup = Join-Path $Root "dist\AnNinhDesktop-$Version-setup.exe"
Invoke-Checked $MakeNsis /V2 /WX /INPUTCHARSET UTF8 "/DVERSION=$Version" "/DPAYLOAD=$Dist" "/DOUTFILE=$Setup" installer\anninh.nsi
Step "$Setup ($([math]::Round((Get-Item $Setup).Length / 1MB, 1)) MB)"

Step "portable zip"
$Stage = Join-Path $Root "build\portable"
if (Test-Path $Stage) { Remove-Item -Recurse -Force $Stage }
New-Item -ItemType Directory -Force $Stage | Out-Null
Copy-Item -Recurse $Dist (Join-Path $Stage "AnNinhDesktop")
Copy-Item installer\anninh-portable.txt (Join-Path $Stage "AnNinhDesktop")
$Zip = Join-Path $Root "dist\AnNinhDesktop-$Version-portable.zip"
if (Test-Path $Zip) { Remove-Item $Zip }
Compress-Archive -Path (Join-Path $Stage "AnNinhDesktop") -DestinationPath $Zip
Remove-Item -Recurse -Force $Stage
Step "$Zip ($([math]::Round((Get-Item $Zip).Length / 1MB, 1)) MB)"
Step "done"
