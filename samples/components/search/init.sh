#!/bin/sh
# Search component init: writes $HUGO_WORK_DIR/static/search-index.json, a JSON array with one entry
# per Markdown page under $HUGO_WORK_DIR/content (drafts and headless pages left out):
#   {"title": "...", "url": "/docs/install/", "section": "docs", "tags": ["..."], "summary": "..."}
# Optional: HUGO_SEARCH_SUMMARY_LENGTH (default 160), HUGO_SEARCH_INCLUDE_DRAFTS (default false).
# POSIX sh and awk only, so it runs under dash, bash, busybox and macOS sh alike.
set -eu

fail() {
  printf 'search: %s\n' "$2" >&2
  exit "$1"
}

[ -n "${HUGO_WORK_DIR:-}" ] || fail 2 "HUGO_WORK_DIR is not set; run this script as the init command of the search component."
content="${HUGO_WORK_DIR%/}/content"
[ -d "$content" ] || fail 2 "content folder not found: $content. The site's content must be copied into the work folder before components run."

max="${HUGO_SEARCH_SUMMARY_LENGTH:-160}"
case "$max" in
  ''|*[!0-9]*) fail 2 "HUGO_SEARCH_SUMMARY_LENGTH must be a whole number of characters, not '$max'." ;;
esac
case "${HUGO_SEARCH_INCLUDE_DRAFTS:-false}" in
  true|True|TRUE|1) drafts=1 ;;
  *) drafts=0 ;;
esac

out_dir="${HUGO_WORK_DIR%/}/static"
out="$out_dir/search-index.json"
mkdir -p "$out_dir"
tmp="$out.$$.tmp"
trap 'rm -f "$tmp"' EXIT

# Byte semantics in every awk (mawk, gawk, busybox, BSD): the summary is cut at a space, so a
# multi-byte character is never split.
count=$(find "$content" -type f -name '*.md' | LC_ALL=C sort | LC_ALL=C awk \
  -v root="$content" -v max="$max" -v drafts="$drafts" -v out="$tmp" '
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

# Removes YAML/TOML quoting from a scalar value.
function unquote(s,   q, body, i, c, r) {
  s = trim(s)
  q = substr(s, 1, 1)
  if (length(s) < 2 || substr(s, length(s), 1) != q) return s
  body = substr(s, 2, length(s) - 2)
  if (q == "\047") { gsub(/\047\047/, "\047", body); return body }
  if (q != "\"") return s
  r = ""
  for (i = 1; i <= length(body); i++) {
    c = substr(body, i, 1)
    if (c == "\\" && i < length(body)) { i++; c = substr(body, i, 1); if (c == "n" || c == "t") c = " " }
    r = r c
  }
  return r
}

# Splits an inline list such as [a, "b c"] into the tags array; returns the new count.
function add_inline_list(s, n,   parts, k, i, v) {
  s = trim(s)
  sub(/^\[/, "", s); sub(/\]$/, "", s)
  k = split(s, parts, ",")
  for (i = 1; i <= k; i++) { v = unquote(parts[i]); if (v != "") tags[++n] = v }
  return n
}

function json(s,   n, p, i, r) {
  gsub(/[\001-\037]/, " ", s)
  n = split(s, p, /\\/); r = p[1]; for (i = 2; i <= n; i++) r = r "\\\\" p[i]; s = r
  n = split(s, p, /"/);  r = p[1]; for (i = 2; i <= n; i++) r = r "\\\"" p[i]
  return "\"" r "\""
}

# Turns one line of Markdown into plain text.
function plain(s,   link, text) {
  gsub(/[\001-\037]/, " ", s)
  gsub(/\{\{[<%][^}]*[%>]\}\}/, "", s)
  gsub(/<[^>]*>/, "", s)
  gsub(/!\[/, "[", s)
  while (match(s, /\[[^]]*\]\([^)]*\)/)) {
    link = substr(s, RSTART, RLENGTH)
    text = substr(link, 2, index(link, "](") - 2)
    s = substr(s, 1, RSTART - 1) text substr(s, RSTART + RLENGTH)
  }
  sub(/^[ \t]*(#+|>|[-*+]|[0-9]+\.)[ \t]+/, "", s)
  gsub(/[*`]/, "", s)
  return s
}

function index_file(path,   rel, line, state, fence, key, val, title, slug, url, draft, ntags, body, dir, base, section, i, tj, summary, cut, listkey) {
  rel = substr(path, length(root) + 2)
  state = "start"; fence = ""; title = ""; slug = ""; url = ""; draft = 0; ntags = 0; body = ""; listkey = ""
  while ((getline line < path) > 0) {
    sub(/\r$/, "", line)
    if (state == "start") {
      sub(/^\357\273\277/, "", line)
      if (line == "---") { state = "yaml"; continue }
      if (line == "+++") { state = "toml"; continue }
      state = "body"
    }
    if (state == "yaml" || state == "toml") {
      if ((state == "yaml" && (line == "---" || line == "...")) || (state == "toml" && line == "+++")) { state = "body"; continue }
      if (state == "toml" && line ~ /^[ \t]*\[/) { state = "toml-table"; continue }
      if (listkey != "" && line ~ /^[ \t]*- /) { val = line; sub(/^[ \t]*- /, "", val); val = unquote(val); if (val != "") tags[++ntags] = val; continue }
      listkey = ""
      if (state == "yaml" && match(line, /^[A-Za-z_]+:/)) {
        key = tolower(substr(line, 1, RLENGTH - 1)); val = substr(line, RLENGTH + 1)
      } else if (state == "toml" && match(line, /^[A-Za-z_]+[ \t]*=/)) {
        key = tolower(trim(substr(line, 1, RLENGTH - 1))); val = substr(line, RLENGTH + 1)
      } else continue
      val = trim(val)
      if (key == "title") title = unquote(val)
      else if (key == "slug") slug = unquote(val)
      else if (key == "url") url = unquote(val)
      else if (key == "draft" || key == "headless") { if (tolower(unquote(val)) ~ /^(true|yes)$/) draft = 1 }
      else if (key == "tags") {
        if (val == "") listkey = "tags"
        else if (val ~ /^\[/) ntags = add_inline_list(val, ntags)
        else tags[++ntags] = unquote(val)
      }
      continue
    }
    if (state == "toml-table") { if (line == "+++") state = "body"; continue }
    # Body: skip fenced code, keep prose until there is enough for a summary.
    if (line ~ /^[ \t]*(```|~~~)/) { fence = fence == "" ? "x" : ""; continue }
    if (fence != "" || length(body) > max * 2) continue
    body = body " " plain(line)
  }
  close(path)
  if (draft && !drafts) return

  # URL as Hugo derives it by default: lower case, spaces to hyphens, bundles by folder.
  dir = rel; sub(/\.md$/, "", dir)
  base = dir; sub(/^.*\//, "", base)
  if (index(dir, "/")) sub(/\/[^\/]*$/, "", dir); else dir = ""
  if (base == "index" && slug != "" && dir != "") { sub(/[^\/]*$/, "", dir); dir = dir slug }
  else if (base != "_index" && base != "index") dir = (dir == "" ? "" : dir "/") (slug != "" ? slug : base)
  if (url == "") url = dir == "" ? "/" : "/" dir "/"
  else if (url !~ /^\//) url = "/" url
  url = tolower(url); gsub(/ /, "-", url)
  if (title == "") title = base == "_index" || base == "index" ? (dir == "" ? "Home" : dir) : base
  section = rel; if (!sub(/\/.*$/, "", section)) section = ""

  gsub(/[ \t]+/, " ", body); summary = trim(body)
  if (length(summary) > max) {
    summary = substr(summary, 1, max + 1)
    cut = match(summary, / [^ ]*$/)
    if (cut > 1) summary = substr(summary, 1, cut - 1)
    else { summary = substr(summary, 1, max); sub(/[\200-\377]+$/, "", summary) }
    sub(/[ ,;:.]+$/, "", summary); summary = summary "…"
  }

  tj = ""
  for (i = 1; i <= ntags; i++) tj = tj (i > 1 ? "," : "") json(tags[i])
  printf "%s  {\"title\":%s,\"url\":%s,\"section\":%s,\"tags\":[%s],\"summary\":%s}", (n++ ? ",\n" : ""), json(title), json(url), json(section), tj, json(summary) > out
}

BEGIN { n = 0; printf "[\n" > out }
{ index_file($0) }
END { printf "%s]\n", (n ? "\n" : "") > out; close(out); print n }
')

mv -f "$tmp" "$out"
trap - EXIT
echo "search: indexed $count pages into static/search-index.json"
