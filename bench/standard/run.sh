#!/usr/bin/env bash
# Standard-layout benchmark: dotnet build of a Hugo site with the one-line project at its root, beside plain hugo
# on a copy of the same tree, as whole processes, interleaved in the same rounds.
#   bench/standard/run.sh [runs] [pages]   (default 7 measured rounds after one warm-up, medians; pages: 0 = the
#                                           sample as it is, N = the sample plus N generated posts)
# Figures:
#   hugo     plain `hugo` in a copy of the tree after the same one-page edit (Hugo has no no-op: it always builds)
#   noop     dotnet build with nothing changed (MSBuild's up-to-date check; Hugo not run)
#   edit     dotnet build after one page changed (cache on; every edit is new, so a miss and a Hugo run)
#   revert   dotnet build after that page is put back (a cache hit: the earlier site restored)
set -euo pipefail
runs="${1:-7}"
pages="${2:-0}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${BENCH_DIR:-/tmp/hsb-bench-standard}"
rm -rf "$work" && mkdir -p "$work"

dotnet build "$repo/samples/Samples.proj" -nologo -v:q >/dev/null
cp "$repo/samples/nuget.config" "$repo/samples/Directory.Build.props" "$work/"
sed -i "s#\.\./artifacts/#$repo/artifacts/#g" "$work/nuget.config"
cp -r "$repo/samples/StandardSite" "$work/site"
rm -rf "$work/site/obj" "$work/site/bin" "$work/site/public" "$work/site/resources"
if [ "$pages" -gt 0 ]; then
  for i in $(seq 1 "$pages"); do
    printf -- '---\ntitle: "Generated post %d"\ndate: 2023-01-01\ntags: ["t%d"]\n---\nBody of generated post %d, with a few words of text so that the page is not empty.\n' \
      "$i" "$((i % 50))" "$i" > "$work/site/content/posts/gen-$i.md"
  done
fi
cp -r "$work/site" "$work/plain"
rm -f "$work/plain/StandardSite.proj"
common=(-nologo -v:q "-p:HugoPerformanceHistoryFile=$work/history.jsonl" "-p:HugoCacheDir=$work/cache")

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

page="$work/site/content/posts/new-boat.md"
plain_page="$work/plain/content/posts/new-boat.md"
original="$(cat "$page")"
dotnet build "$work/site/StandardSite.proj" "${common[@]}" >/dev/null
(cd "$work/plain" && hugo >/dev/null)

declare -A samples
for i in $(seq 0 "$runs"); do
  printf '%s\n\nEdit %s.\n' "$original" "$i" > "$plain_page"
  h=$(ms hugo --source "$work/plain")
  n=$(ms dotnet build "$work/site/StandardSite.proj" "${common[@]}")
  printf '%s\n\nEdit %s.\n' "$original" "$i" > "$page"
  e=$(ms dotnet build "$work/site/StandardSite.proj" "${common[@]}")
  printf '%s\n' "$original" > "$page"
  r=$(ms dotnet build "$work/site/StandardSite.proj" "${common[@]}")
  if [ "$i" -gt 0 ]; then
    samples[hugo]+=" $h"; samples[noop]+=" $n"; samples[edit]+=" $e"; samples[revert]+=" $r"
  fi
done

printf 'pages added: %s, rounds: %s, load before: %s\n' "$pages" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
for k in hugo noop edit revert; do
  printf '%-7s median %5s ms   (%s )\n' "$k" "$(echo "${samples[$k]}" | median)" "${samples[$k]}"
done
grep -c '"cache":{"hit":true' "$work/history.jsonl" | xargs printf 'history: %s cache hits recorded\n'
