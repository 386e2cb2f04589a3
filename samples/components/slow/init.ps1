# Slow component for Windows PowerShell 5.1 and PowerShell 7: behaves like init.sh.
# Waits HUGO_SLOW_SECONDS (default 1), then writes static\slow-<component name>.txt;
# HUGO_SLOW_EXIT_CODE (default 0) makes it fail with that code after waiting.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

function Fail([string]$Message) {
    [Console]::Error.WriteLine("slow: $Message")
    exit 2
}

$work = $env:HUGO_WORK_DIR
if ([string]::IsNullOrEmpty($work)) { Fail 'HUGO_WORK_DIR is not set; run this script as a component init command.' }

$seconds = if ("$env:HUGO_SLOW_SECONDS" -eq '') { '1' } else { $env:HUGO_SLOW_SECONDS }
if ($seconds -notmatch '^([0-9]+\.?[0-9]*|\.[0-9]+)$') { Fail "HUGO_SLOW_SECONDS must be a number of seconds such as 1 or 0.5, not '$seconds'." }
$exitCode = if ("$env:HUGO_SLOW_EXIT_CODE" -eq '') { '0' } else { $env:HUGO_SLOW_EXIT_CODE }
if ($exitCode -notmatch '^[0-9]+$') { Fail "HUGO_SLOW_EXIT_CODE must be a whole number, not '$exitCode'." }

$component = if ("$env:HUGO_COMPONENT" -eq '') { 'slow' } else { $env:HUGO_COMPONENT }
$name = $component -replace '[^A-Za-z0-9._-]', '_'
Write-Output "slow: $name waiting ${seconds}s"
Start-Sleep -Milliseconds ([int]([double]::Parse($seconds, [Globalization.CultureInfo]::InvariantCulture) * 1000))

if ([int]$exitCode -ne 0) {
    [Console]::Error.WriteLine("slow: $name failing on purpose with exit code $exitCode")
    exit ([int]$exitCode)
}

$static = Join-Path $work 'static'
[void](New-Item -ItemType Directory -Force -Path $static)
$marker = Join-Path $static "slow-$name.txt"
[System.IO.File]::WriteAllText($marker, "component=$name`nseconds=$seconds`n", (New-Object System.Text.UTF8Encoding $false))
Write-Output "slow: $name done"
