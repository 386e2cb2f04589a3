# Analytics component init for Windows PowerShell 5.1 and PowerShell 7: the same partial as init.sh.
# Writes $env:HUGO_WORK_DIR\layouts\partials\analytics.html for the site id in HUGO_ANALYTICS_ID
# (MSBuild property HugoAnalyticsId, passed through the component's Environment metadata).
# Optional: HUGO_ANALYTICS_ENDPOINT (default https://stats.example.org).
# Exit codes: 2 = not run as a component, 3 = no id given, 4 = id or endpoint not usable.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

function Fail([int]$Code, [string]$Message) {
    [Console]::Error.WriteLine("analytics: $Message")
    exit $Code
}

$work = $env:HUGO_WORK_DIR
if ([string]::IsNullOrEmpty($work)) { Fail 2 'HUGO_WORK_DIR is not set; run this script as the init command of the analytics component.' }

$id = "$env:HUGO_ANALYTICS_ID"
if ($id -eq '') { Fail 3 'no analytics site id. Set the MSBuild property HugoAnalyticsId (for example -p:HugoAnalyticsId=docs-site), which reaches this component as HUGO_ANALYTICS_ID.' }
if ($id -cnotmatch '^[A-Za-z0-9._-]+$') { Fail 4 "analytics site id '$id' may contain only letters, digits, '.', '_' and '-'. Check HugoAnalyticsId." }

$endpoint = "$env:HUGO_ANALYTICS_ENDPOINT"
if ($endpoint -eq '') { $endpoint = 'https://stats.example.org' }
if ($endpoint.EndsWith('/')) { $endpoint = $endpoint.Substring(0, $endpoint.Length - 1) }
if ($endpoint -cnotmatch '^https?://') { Fail 4 "HUGO_ANALYTICS_ENDPOINT must start with https:// or http://, not '$endpoint'." }
if ($endpoint -cnotmatch '^[A-Za-z0-9.:/_-]+$') { Fail 4 "HUGO_ANALYTICS_ENDPOINT '$endpoint' contains characters that are not allowed in a base address." }

$dir = Join-Path (Join-Path $work 'layouts') 'partials'
[void](New-Item -ItemType Directory -Force -Path $dir)
$partial = @(
    "{{- /* Written by the analytics component's init command from HUGO_ANALYTICS_ID. Cookieless, honours Do Not Track. */ -}}"
    "<script defer src=`"$endpoint/js/count.js`" data-site=`"$id`" data-api=`"$endpoint/api/event`" data-respect-dnt=`"true`"></script>"
    "  <noscript><img src=`"$endpoint/api/pixel.gif?site=$id&amp;path={{ .RelPermalink }}`" alt=`"`" width=`"1`" height=`"1`" referrerpolicy=`"no-referrer-when-downgrade`"></noscript>"
    ''
) -join "`n"
$target = Join-Path $dir 'analytics.html'
$tmp = "$target.$PID.tmp"
[System.IO.File]::WriteAllText($tmp, $partial, (New-Object System.Text.UTF8Encoding $false))
Move-Item -LiteralPath $tmp -Destination $target -Force
Write-Output "analytics: site id $id, counter at $endpoint"
