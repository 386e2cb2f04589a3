#!/usr/bin/env bash
# Build-overhead benchmark: how much time the package adds to a site build.
#   bench/foundation/run.sh [runs]      (default 7 runs per figure; median reported)
# Figures (warm runs, after one discarded warm-up each):
#   a  dotnet build of an empty NoTargets project
#   b  hugo alone on the composed work folder of the DocsSite sample
#   c  dotnet build of the DocsSite sample after one content file changed
#   d  dotnet build of the DocsSite sample with nothing changed
# Package overhead = c - a - b (goal <= 150 ms); no-op overhead = d - a (goal <= 50 ms).
set -euo pipefail
runs="${1:-7}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${BENCH_DIR:-/tmp/hsb-bench-foundation}"
rm -rf "$work" && mkdir -p "$work"

dotnet build "$repo/samples/Samples.proj" -nologo -v:q >/dev/null
cp -r "$repo/samples/templates" "$repo/samples/themes" "$repo/samples/components" "$repo/samples/nuget.config" "$work/"
mkdir -p "$work/DocsSite" && cp -r "$repo/samples/DocsSite/DocsSite.proj" "$repo/samples/DocsSite/content" "$work/DocsSite/"
sed -i "s#../artifacts/#$repo/artifacts/#g" "$work/nuget.config"
mkdir -p "$work/Empty"
cat > "$work/Empty/Empty.proj" <<'XML'
<Project Sdk="Microsoft.Build.NoTargets/3.7.0">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
</Project>
XML
history="$work/history.jsonl"
common=(-nologo -v:q "-p:HugoPerformanceHistoryFile=$history" "-p:HugoCacheDir=$work/cache" -p:HugoCache=false)

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

dotnet build "$work/Empty/Empty.proj" "${common[@]}" >/dev/null
dotnet build "$work/DocsSite/DocsSite.proj" "${common[@]}" >/dev/null
page="$(find "$work/DocsSite/content" -name '*.md' ! -name '_index.md' | sort | head -1)"

declare -A samples
for i in $(seq 0 "$runs"); do
  a=$(ms dotnet build "$work/Empty/Empty.proj" "${common[@]}")
  b=$(ms hugo --source "$work/DocsSite/obj/hugo/work" --destination "$work/hugo-out" --theme compose --cleanDestinationDir --noBuildLock --environment production)
  echo "<!-- bench $i -->" >> "$page"
  c=$(ms dotnet build "$work/DocsSite/DocsSite.proj" "${common[@]}")
  d=$(ms dotnet build "$work/DocsSite/DocsSite.proj" "${common[@]}")
  if [ "$i" -gt 0 ]; then samples[a]+="$a "; samples[b]+="$b "; samples[c]+="$c "; samples[d]+="$d "; fi
done

declare -A med
for k in a b c d; do med[$k]=$(echo ${samples[$k]} | tr ' ' '\n' | grep -v '^$' | median); done
echo "runs=$runs (median, ms)"
echo "a empty NoTargets build      ${med[a]}   [${samples[a]}]"
echo "b hugo alone                 ${med[b]}   [${samples[b]}]"
echo "c site build, content change ${med[c]}   [${samples[c]}]"
echo "d site build, nothing changed ${med[d]}   [${samples[d]}]"
echo "package overhead c-a-b = $(( med[c] - med[a] - med[b] )) ms (goal <= 150)"
echo "no-op overhead    d-a   = $(( med[d] - med[a] )) ms (goal <= 50)"
