#!/usr/bin/env bash
# The cache in real builds: packs the package, copies a sample site, and reads the cache-check phase time from
# the history record (what the build itself measures), median of RUNS (default 5):
#   hit, nothing changed     the site stamp is removed so the build runs; the fingerprint needs no hashing
#   hit after a revert       one content file edited and built (a miss that stores), then put back and built
# usage: bench/cache/run-sample.sh [pages]   no argument: samples/DocsSite as it is; pages: DocsSite with that
#        many generated posts as its content.   env: BENCH_DIR (default /tmp/hsb-cache-sample, on disk), RUNS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${BENCH_DIR:-/tmp/hsb-cache-sample}
runs=${RUNS:-5}
pages=${1:-}

rm -rf "$root"; mkdir -p "$root/feed"
dotnet pack "$repo/src/HugoSite.Build.Tasks" -c Release -o "$root/feed" -p:Version=1.0.0 -nologo -v:q >/dev/null
cat > "$root/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$root/packages" /></config>
  <packageSources><clear /><add key="feed" value="$root/feed" /></packageSources>
</configuration>
XML
cp -r "$repo/samples/templates" "$repo/samples/themes" "$repo/samples/components" "$repo/samples/DocsSite" "$root/"
site="$root/DocsSite"
if [[ -n $pages ]]; then
  rm -rf "$site/content"; "$here/gen-site.sh" "$root/gen" "$pages" 0 >/dev/null; mv "$root/gen/content" "$site/content"
fi
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build() { dotnet build "$site/DocsSite.proj" -nologo -v:m -clp:NoSummary -p:HugoPerformanceHistoryFile="$root/history.jsonl" -p:HugoCacheDir="$root/cache" >/dev/null; }
last() { tail -1 "$root/history.jsonl" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(r["cache"]["hit"], r["phases"].get("cache-check"), r["total_ms"])'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

build; build                                                  # restore, first build (miss, store); up to date
files=$(find "$site/public" -type f | wc -l)
post=$(find "$site/content" -name '*.md' | sort | sed -n 2p); cp "$post" "$root/post.bak"
declare -a same=() same_total=() revert=() revert_total=()
for ((r = 0; r < runs; r++)); do
  echo "edit $r" >> "$post"; build                            # miss: builds and stores the edited state
  cp "$root/post.bak" "$post"; sync; build                     # revert: hit
  read -r hit ms total < <(last); [[ $hit == True ]] || { echo "expected a hit" >&2; exit 1; }
  revert+=("$ms"); revert_total+=("$total")
  rm -f "$site/obj/hugo/site.stamp"; sync; build               # nothing changed, stamp gone: hit
  read -r hit ms total < <(last); [[ $hit == True ]] || { echo "expected a hit" >&2; exit 1; }
  same+=("$ms"); same_total+=("$total")
done
label=${pages:+"DocsSite with $pages generated posts"}; label=${label:-"samples/DocsSite"}
printf '| site | output files | measurement | cache-check ms (median of %d) | build total ms | runs (cache-check ms) |\n| --- | --- | --- | --- | --- | --- |\n' "$runs"
printf '| %s | %s | hit, nothing changed | %s | %s | %s |\n' "$label" "$files" "$(printf '%s\n' "${same[@]}" | median)" "$(printf '%s\n' "${same_total[@]}" | median)" "$(echo "${same[@]}" | tr ' ' '/')"
printf '| %s | %s | hit after a one-file revert | %s | %s | %s |\n' "$label" "$files" "$(printf '%s\n' "${revert[@]}" | median)" "$(printf '%s\n' "${revert_total[@]}" | median)" "$(echo "${revert[@]}" | tr ' ' '/')"
