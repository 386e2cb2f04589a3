#!/usr/bin/env bash
# Cold-start figures for ParallelCopy: each run is a fresh process that executes the task twice on the
# DocsSite sources (57 files, one changed before each Execute). Builds the harness once per task library.
# Usage: bench/copy/cold/run.sh [runs] [baseline.dll]
#   baseline.dll: a Release net8.0 HugoSite.Build.Tasks.dll to compare against (interleaved with the current one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
runs="${1:-7}"
baseline="${2:-}"
out="$(mktemp -d "${TMPDIR:-/tmp}/copycold.XXXXXX")"
trap 'rm -rf "$out"' EXIT

dotnet build "$repo/src/HugoSite.Build.Tasks" -c Release -f net8.0 -v:q -nologo >/dev/null
variants=(current)
mkdir -p "$out/lib/current"
cp "$repo/src/HugoSite.Build.Tasks/bin/Release/net8.0/HugoSite.Build.Tasks.dll" "$out/lib/current/"
if [ -n "$baseline" ]; then
  variants=(baseline current)
  mkdir -p "$out/lib/baseline"
  cp "$baseline" "$out/lib/baseline/HugoSite.Build.Tasks.dll"
fi
for v in "${variants[@]}"; do
  dotnet build "$here/cold.csproj" -c Release -v:q -nologo -p:TasksDll="$out/lib/$v/HugoSite.Build.Tasks.dll" \
    -p:BaseIntermediateOutputPath="$out/obj-$v/" -o "$out/bin-$v" >/dev/null
done

# The sources, copied so the touched file is not in the repository.
mkdir -p "$out/src/templates" "$out/src/themes" "$out/src/DocsSite"
cp -r "$repo/samples/templates/default" "$out/src/templates/"
cp -r "$repo/samples/themes/compose" "$out/src/themes/"
cp -r "$repo/samples/DocsSite/content" "$out/src/DocsSite/"
touched="$out/src/DocsSite/content/_index.md"

for v in "${variants[@]}"; do
  dotnet "$out/bin-$v/cold.dll" "$out/src" "$out/work-$v/" "$touched" >/dev/null   # first fill of the work folder
done
for ((i = 0; i < runs; i++)); do
  for v in "${variants[@]}"; do
    line="$(dotnet "$out/bin-$v/cold.dll" "$out/src" "$out/work-$v/" "$touched")"
    echo "$v: $line"
    echo "$line" | awk '{print $2, $9}' >> "$out/$v.txt"
  done
done
for v in "${variants[@]}"; do
  first="$(awk '{print $1}' "$out/$v.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  second="$(awk '{print $2}' "$out/$v.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  echo "$v: median first Execute $first ms, second Execute $second ms, over $runs fresh processes"
done
