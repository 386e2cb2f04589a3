#!/usr/bin/env bash
# Two builds of the package compared on samples/DocsSite in one run, builds interleaved (A B, B A, ...) so that
# both see the same machine load. Each variant is packed from a commit (or the working tree) into its own feed
# and package folder, with its own copy of the site, cache and history. Measured as run-sample.sh does, from the
# history record: "hit, nothing changed" (site stamp removed) and "hit after a one-file revert".
# usage: bench/cache/compare-sample.sh <refA> <refB> [pages]   a ref is a commit-ish, or "worktree" (uncommitted
#        files too); "+r2r" after a ref compiles that build's net8.0 task assembly ReadyToRun (crossgen2 of the
#        installed runtime, against the net8.0 reference assemblies, all from the NuGet cache: a
#        `dotnet publish -r linux-x64 -p:PublishReadyToRun=true` of any net8.0 project puts them there);
#        pages: DocsSite with that many generated posts as its content (as run-sample.sh)
#        env: BENCH_DIR (default /tmp/hsb-cache-compare, on disk), RUNS (default 5)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${BENCH_DIR:-/tmp/hsb-cache-compare}
runs=${RUNS:-5}
refs=("${1:?refA}" "${2:?refB}")
pages=${3:-}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

rm -rf "$root"; mkdir -p "$root"
for v in 0 1; do
  d="$root/v$v"; mkdir -p "$d/src" "$d/feed"; ref=${refs[$v]%+r2r}
  if [[ $ref == worktree ]]; then
    (cd "$repo" && git ls-files -co --exclude-standard -z | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$d/src"
  else
    git -C "$repo" archive "$ref" | tar -xf - -C "$d/src"
  fi
  dotnet pack "$d/src/src/HugoSite.Build.Tasks" -c Release -o "$d/feed" -p:Version=1.0.0 -nologo -v:q >/dev/null
  cat > "$d/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$d/packages" /></config>
  <packageSources><clear /><add key="feed" value="$d/feed" /></packageSources>
</configuration>
XML
  cp -r "$repo/samples/templates" "$repo/samples/themes" "$repo/samples/components" "$repo/samples/DocsSite" "$d/"
  if [[ -n $pages ]]; then
    rm -rf "$d/DocsSite/content"; "$here/gen-site.sh" "$d/gen" "$pages" 0 >/dev/null; mv "$d/gen/content" "$d/DocsSite/content"
  fi
done

build() { dotnet build "$root/v$1/DocsSite/DocsSite.proj" -nologo -v:m -clp:NoSummary -p:HugoPerformanceHistoryFile="$root/v$1/history.jsonl" -p:HugoCacheDir="$root/v$1/cache" >/dev/null; }
last() { tail -1 "$root/v$1/history.jsonl" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); print(r["cache"]["hit"], r["phases"].get("cache-check"), r["phases"].get("setup"), r["total_ms"])'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
post() { find "$root/v$1/DocsSite/content" -name '*.md' | sort | sed -n 2p; }

r2r() {  # the restored package's net8.0 task assembly, compiled ReadyToRun in place
  local nuget=${NUGET_PACKAGES:-$HOME/.nuget/packages} rt cg dll
  rt=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}')
  cg="$nuget/microsoft.netcore.app.crossgen2.linux-x64/$rt/tools/crossgen2"
  [[ -x $cg ]] || { echo "no crossgen2 $rt in $nuget (see usage)" >&2; exit 1; }
  dll=$(find "$root/v$1/packages" -path '*tasks/net8.0/HugoSite.Build.Tasks.dll')
  "$cg" "$dll" -o "$dll.r2r" --targetos:linux --targetarch:x64 -O \
    -r "$(ls -d "$nuget"/microsoft.netcore.app.runtime.linux-x64/8.*/runtimes/linux-x64/lib/net8.0 | tail -1)/*.dll" \
    -r "$nuget/microsoft.build.framework/17.8.43/ref/net8.0/*.dll" -r "$nuget/microsoft.build.utilities.core/17.8.43/ref/net8.0/*.dll" >/dev/null
  mv "$dll.r2r" "$dll"
}
for v in 0 1; do
  build $v; [[ ${refs[$v]} == *+r2r ]] && r2r $v
  build $v; build $v; cp "$(post $v)" "$root/v$v/post.bak"                 # restore, miss and store; up to date
done
declare -a same0=() same1=() revert0=() revert1=() setup0=() setup1=() total0=() total1=()
measure() {  # variant round
  local v=$1 r=$2 p hit ms setup total
  p=$(post "$v")
  echo "edit $r" >> "$p"; build "$v"                             # miss: builds and stores the edited state
  cp "$root/v$v/post.bak" "$p"; sync; build "$v"                 # revert: hit
  read -r hit ms setup total < <(last "$v"); [[ $hit == True ]] || { echo "expected a hit" >&2; exit 1; }
  eval "revert$v+=(\"$ms\"); setup$v+=(\"$setup\"); total$v+=(\"$total\")"
  rm -f "$root/v$v/DocsSite/obj/hugo/site.stamp"; sync; build "$v"  # nothing changed, stamp gone: hit
  read -r hit ms setup total < <(last "$v"); [[ $hit == True ]] || { echo "expected a hit" >&2; exit 1; }
  eval "same$v+=(\"$ms\"); setup$v+=(\"$setup\"); total$v+=(\"$total\")"
}
for ((r = 0; r < runs; r++)); do
  if ((r % 2 == 0)); then measure 0 "$r"; measure 1 "$r"; else measure 1 "$r"; measure 0 "$r"; fi
done

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| variant | measurement | cache-check ms (median of %d) | runs |\n| --- | --- | --- | --- |\n' "$runs"
for v in 0 1; do
  eval "s=(\"\${same$v[@]}\"); t=(\"\${revert$v[@]}\")"
  printf '| %s | hit, nothing changed | %s | %s |\n' "${refs[$v]}" "$(printf '%s\n' "${s[@]}" | median)" "$(echo "${s[@]}" | tr ' ' '/')"
  printf '| %s | hit after a one-file revert | %s | %s |\n' "${refs[$v]}" "$(printf '%s\n' "${t[@]}" | median)" "$(echo "${t[@]}" | tr ' ' '/')"
done
# The other phases of the same hits, so that no time is only moved out of cache-check.
for v in 0 1; do
  eval "u=(\"\${setup$v[@]}\"); w=(\"\${total$v[@]}\")"
  printf '%s: setup ms median %s, build total ms median %s (all %d hits)\n' "${refs[$v]}" "$(printf '%s\n' "${u[@]}" | median)" "$(printf '%s\n' "${w[@]}" | median)" "${#w[@]}"
done
