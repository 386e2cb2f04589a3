#!/usr/bin/env bash
# Cache benchmark: cache-check phase with nothing changed, cache-hit restore, and a hit after a one-file revert,
# on generated sites (default: 40 pages ~ 150 output files, and 5,000 pages). Median of RUNS (default 5).
# usage: bench/cache/run.sh [pages ...]        env: BENCH_DIR (default /tmp/hsb-cache-bench, must be on disk), RUNS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${BENCH_DIR:-/tmp/hsb-cache-bench}
runs=${RUNS:-5}
pages_list=("$@"); (( ${#pages_list[@]} )) || pages_list=(40 5000)

dotnet build "$repo/src/HugoSite.Build.Tasks" -c Release -f net8.0 -nologo -v:q >/dev/null
msb() { dotnet msbuild "$here/bench.proj" -nologo -v:m "$@"; }
field() { grep -o "$1=[^ ]*" | head -1 | cut -d= -f2; }
phase() { grep -o 'PHASE cache-check [0-9.]*' | awk '{print $3}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '| site | output files | inputs | measurement | phase ms (median of %d) | in-task ms | runs |\n| --- | --- | --- | --- | --- | --- | --- |\n' "$runs"
for pages in "${pages_list[@]}"; do
  site="$root/s$pages"
  rm -rf "$root/cache" "$site"
  "$here/gen-site.sh" "$site" "$pages" >/dev/null
  hugo -s "$site/template" --contentDir "$site/content" -d "$site/public" --quiet
  files=$(find "$site/public" -type f | wc -l)
  msb -t:BenchStore -p:Site="$site" >/dev/null            # miss, store
  sleep 3                                                  # past the racy window: sizes and times now trusted
  msb -t:BenchCheck -p:Site="$site" -p:_HugoCacheRestore=false >/dev/null

  declare -a p1=() t1=() p2=() t2=() p3=() t3=() p4=() t4=()
  for ((r = 0; r < runs; r++)); do                         # nothing changed: fingerprint only
    sync; out=$(msb -t:BenchCheck -p:Site="$site" -p:_HugoCacheRestore=false)
    p1+=("$(phase <<<"$out")"); t1+=("$(field fingerprint_ms <<<"$out")")
  done
  for ((r = 0; r < runs; r++)); do                         # nothing changed: hit, restore into public/
    sync; out=$(msb -t:BenchCheck -p:Site="$site")
    [[ $(field hit <<<"$out") == True ]] || { echo "expected a hit: $out" >&2; exit 1; }
    p2+=("$(phase <<<"$out")"); t2+=("$(echo "$(field fingerprint_ms <<<"$out") + $(field restore_ms <<<"$out")" | bc)")
  done
  for ((r = 0; r < runs; r++)); do                         # the same with HugoCacheVerify=metadata
    sync; out=$(msb -t:BenchCheck -p:Site="$site" -p:HugoCacheVerify=metadata)
    [[ $(field hit <<<"$out") == True ]] || { echo "expected a hit: $out" >&2; exit 1; }
    p4+=("$(phase <<<"$out")"); t4+=("$(echo "$(field fingerprint_ms <<<"$out") + $(field restore_ms <<<"$out")" | bc)")
  done
  post="$site/content/posts/post-1.md"; cp "$post" "$root/post.bak"
  for ((r = 0; r < runs; r++)); do                         # one file edited, built (miss), then reverted: hit
    echo "edit $r" >> "$post"; msb -t:BenchCheck -p:Site="$site" -p:_HugoCacheRestore=false >/dev/null
    cp "$root/post.bak" "$post"
    sync; out=$(msb -t:BenchCheck -p:Site="$site")
    [[ $(field hit <<<"$out") == True ]] || { echo "expected a hit: $out" >&2; exit 1; }
    p3+=("$(phase <<<"$out")"); t3+=("$(echo "$(field fingerprint_ms <<<"$out") + $(field restore_ms <<<"$out")" | bc)")
  done
  inputs=$(field inputs <<<"$out")
  row() { printf '| %s pages | %s | %s | %s | %s | %s | %s |\n' "$pages" "$files" "$inputs" "$1" \
    "$(printf '%s\n' "${@:2:$runs}" | median)" "$(printf '%s\n' "${@:$((runs + 2))}" | median)" "$(echo "${@:2:$runs}" | tr ' ' '/')"; }
  row "check, nothing changed" "${p1[@]}" "${t1[@]}"
  row "hit, nothing changed" "${p2[@]}" "${t2[@]}"
  row "hit after a one-file revert" "${p3[@]}" "${t3[@]}"
  row "hit, nothing changed, HugoCacheVerify=metadata" "${p4[@]}" "${t4[@]}"
  echo "last hit: $(grep -o 'timings=.*' <<<"$out")" >&2
  unset p1 t1 p2 t2 p3 t3 p4 t4
done
