# Search component init for Windows PowerShell 5.1 and PowerShell 7: the same index as init.sh.
# Writes $env:HUGO_WORK_DIR\static\search-index.json with one entry per Markdown page under
# $env:HUGO_WORK_DIR\content (drafts and headless pages left out).
# Optional: HUGO_SEARCH_SUMMARY_LENGTH (default 160), HUGO_SEARCH_INCLUDE_DRAFTS (default false).
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

function Fail([int]$Code, [string]$Message) {
    [Console]::Error.WriteLine("search: $Message")
    exit $Code
}

function Unquote([string]$s) {
    $s = $s.Trim(" ", "`t")
    if ($s.Length -lt 2 -or $s[0] -ne $s[$s.Length - 1]) { return $s }
    $body = $s.Substring(1, $s.Length - 2)
    if ($s[0] -eq "'") { return $body.Replace("''", "'") }
    if ($s[0] -ne '"') { return $s }
    $sb = New-Object System.Text.StringBuilder
    for ($i = 0; $i -lt $body.Length; $i++) {
        $c = $body[$i]
        if ($c -eq '\' -and $i -lt $body.Length - 1) {
            $i++; $c = $body[$i]
            if ($c -ceq 'n' -or $c -ceq 't') { $c = ' ' }
        }
        [void]$sb.Append($c)
    }
    return $sb.ToString()
}

function Add-InlineList([string]$s, [System.Collections.Generic.List[string]]$tags) {
    $s = $s.Trim(" ", "`t") -replace '^\[', '' -replace '\]$', ''
    foreach ($part in $s.Split(',')) {
        $v = Unquote $part
        if ($v -ne '') { $tags.Add($v) }
    }
}

function ConvertTo-JsonString([string]$s) {
    $s = [regex]::Replace($s, '[\x01-\x1f]', ' ')
    return '"' + $s.Replace('\', '\\').Replace('"', '\"') + '"'
}

$linkPattern = New-Object System.Text.RegularExpressions.Regex '\[([^\]]*)\]\([^)]*\)'

function ConvertTo-PlainText([string]$s) {
    $s = [regex]::Replace($s, '[\x01-\x1f]', ' ')
    $s = $s -replace '\{\{[<%][^}]*[%>]\}\}', '' -replace '<[^>]*>', '' -replace '!\[', '['
    while ($linkPattern.IsMatch($s)) { $s = $linkPattern.Replace($s, '$1', 1) }
    $s = $s -replace '^[ \t]*(#+|>|[-*+]|[0-9]+\.)[ \t]+', ''
    return $s -replace '[*`]', ''
}

# Cuts at a space so that the summary stays within $Max UTF-8 bytes, as init.sh does.
function Get-Summary([string]$text, [int]$Max) {
    $utf8 = New-Object System.Text.UTF8Encoding $false
    $bytes = $utf8.GetBytes($text)
    if ($bytes.Length -le $Max) { return $text }
    $end = -1
    for ($i = $Max; $i -gt 0; $i--) { if ($bytes[$i] -eq 0x20) { $end = $i; break } }
    if ($end -lt 0) {
        $end = $Max
        while ($end -gt 0 -and $bytes[$end - 1] -ge 0x80) { $end-- }
    }
    $cut = $utf8.GetString($bytes, 0, $end) -replace '[ ,;:.]+$', ''
    return $cut + [char]0x2026
}

function Get-Entry([string]$path, [string]$rel) {
    $state = 'start'; $fence = $false; $listKey = $false
    $title = ''; $slug = ''; $url = ''; $draft = $false
    $tags = New-Object 'System.Collections.Generic.List[string]'
    $body = New-Object System.Text.StringBuilder
    foreach ($line in [System.IO.File]::ReadAllLines($path)) {
        if ($state -eq 'start') {
            if ($line -ceq '---') { $state = 'yaml'; continue }
            if ($line -ceq '+++') { $state = 'toml'; continue }
            $state = 'body'
        }
        if ($state -eq 'yaml' -or $state -eq 'toml') {
            if (($state -eq 'yaml' -and ($line -ceq '---' -or $line -ceq '...')) -or ($state -eq 'toml' -and $line -ceq '+++')) { $state = 'body'; continue }
            if ($state -eq 'toml' -and $line -match '^[ \t]*\[') { $state = 'toml-table'; continue }
            if ($listKey -and $line -match '^[ \t]*- ') {
                $v = Unquote ($line -replace '^[ \t]*- ', '')
                if ($v -ne '') { $tags.Add($v) }
                continue
            }
            $listKey = $false
            if ($state -eq 'yaml' -and $line -match '^([A-Za-z_]+):(.*)$') { $key = $Matches[1].ToLowerInvariant(); $val = $Matches[2] }
            elseif ($state -eq 'toml' -and $line -match '^([A-Za-z_]+)[ \t]*=(.*)$') { $key = $Matches[1].ToLowerInvariant(); $val = $Matches[2] }
            else { continue }
            $val = $val.Trim(" ", "`t")
            switch ($key) {
                'title' { $title = Unquote $val }
                'slug' { $slug = Unquote $val }
                'url' { $url = Unquote $val }
                { $_ -eq 'draft' -or $_ -eq 'headless' } { if ((Unquote $val) -match '^(true|yes)$') { $draft = $true } }
                'tags' {
                    if ($val -eq '') { $listKey = $true }
                    elseif ($val.StartsWith('[')) { Add-InlineList $val $tags }
                    else { $tags.Add((Unquote $val)) }
                }
            }
            continue
        }
        if ($state -eq 'toml-table') { if ($line -ceq '+++') { $state = 'body' }; continue }
        if ($line -match '^[ \t]*(```|~~~)') { $fence = -not $fence; continue }
        if ($fence -or $body.Length -gt $max * 2) { continue }
        [void]$body.Append(' ').Append((ConvertTo-PlainText $line))
    }
    if ($draft -and -not $includeDrafts) { return $null }

    # URL as Hugo derives it by default: lower case, spaces to hyphens, bundles by folder.
    $dir = $rel -replace '\.md$', ''
    $base = $dir -replace '^.*/', ''
    if ($dir.Contains('/')) { $dir = $dir -replace '/[^/]*$', '' } else { $dir = '' }
    if ($base -ceq 'index' -and $slug -ne '' -and $dir -ne '') { $dir = ($dir -replace '[^/]*$', '') + $slug }
    elseif ($base -cne '_index' -and $base -cne 'index') {
        $leaf = if ($slug -ne '') { $slug } else { $base }
        $dir = if ($dir -eq '') { $leaf } else { "$dir/$leaf" }
    }
    if ($url -eq '') { $url = if ($dir -eq '') { '/' } else { "/$dir/" } }
    elseif (-not $url.StartsWith('/')) { $url = "/$url" }
    $url = $url.ToLowerInvariant().Replace(' ', '-')
    if ($title -eq '') {
        $title = if ($base -cne '_index' -and $base -cne 'index') { $base } elseif ($dir -eq '') { 'Home' } else { $dir }
    }
    $section = if ($rel.Contains('/')) { $rel.Substring(0, $rel.IndexOf('/')) } else { '' }
    $summary = Get-Summary (($body.ToString() -replace '[ \t]+', ' ').Trim(' ')) $max

    $tagJson = ($tags | ForEach-Object { ConvertTo-JsonString $_ }) -join ','
    return '  {"title":' + (ConvertTo-JsonString $title) + ',"url":' + (ConvertTo-JsonString $url) +
        ',"section":' + (ConvertTo-JsonString $section) + ',"tags":[' + $tagJson + '],"summary":' +
        (ConvertTo-JsonString $summary) + '}'
}

$work = $env:HUGO_WORK_DIR
if ([string]::IsNullOrEmpty($work)) { Fail 2 'HUGO_WORK_DIR is not set; run this script as the init command of the search component.' }
$content = Join-Path $work 'content'
if (-not (Test-Path -LiteralPath $content -PathType Container)) {
    Fail 2 "content folder not found: $content. The site's content must be copied into the work folder before components run."
}
$max = 160
if ($null -ne $env:HUGO_SEARCH_SUMMARY_LENGTH) {
    if ($env:HUGO_SEARCH_SUMMARY_LENGTH -notmatch '^[0-9]+$') { Fail 2 "HUGO_SEARCH_SUMMARY_LENGTH must be a whole number of characters, not '$($env:HUGO_SEARCH_SUMMARY_LENGTH)'." }
    $max = [int]$env:HUGO_SEARCH_SUMMARY_LENGTH
}
$includeDrafts = "$env:HUGO_SEARCH_INCLUDE_DRAFTS" -match '^(true|1)$'

$root = (Resolve-Path -LiteralPath $content).ProviderPath.TrimEnd('\', '/')
$files = @(Get-ChildItem -LiteralPath $root -Recurse -File | Where-Object { $_.Extension -eq '.md' } |
    ForEach-Object { $_.FullName.Substring($root.Length + 1).Replace('\', '/') })
[Array]::Sort($files, [StringComparer]::Ordinal)

$entries = New-Object 'System.Collections.Generic.List[string]'
foreach ($rel in $files) {
    $entry = Get-Entry (Join-Path $root $rel) $rel
    if ($null -ne $entry) { $entries.Add($entry) }
}

$outDir = Join-Path $work 'static'
[void](New-Item -ItemType Directory -Force -Path $outDir)
$out = Join-Path $outDir 'search-index.json'
$tmp = "$out.$PID.tmp"
$json = if ($entries.Count -eq 0) { "[`n]`n" } else { "[`n" + ($entries -join ",`n") + "`n]`n" }
[System.IO.File]::WriteAllText($tmp, $json, (New-Object System.Text.UTF8Encoding $false))
Move-Item -LiteralPath $tmp -Destination $out -Force
Write-Output "search: indexed $($entries.Count) pages into static/search-index.json"
