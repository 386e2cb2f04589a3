#!/usr/bin/env bash
# Build-overhead benchmark: how much time HugoSite.Build adds to a site build.
#   bench/foundation/run.sh [runs]      (default 7 measured runs per figure, after one warm-up; medians)
# Figures, all warm (MSBuild node reuse as dotnet build does by default):
#   a   dotnet build of an empty NoTargets project
#   b   hugo alone on the composed work folder of the DocsSite sample
#   c   dotnet build of DocsSite after one content file changed   (SDK form, and as a NoTargets PackageReference)
#   d   dotnet build of DocsSite with nothing changed               (both forms)
# Package overhead = c - a - b (goal <= 150 ms); no-op overhead = d - a (goal <= 50 ms).
# The components phase (the sample's search and analytics shell scripts) is the site's own work, not the
# package's; it is reported from the history record so it can be taken out.
set -euo pipefail
runs="${1:-7}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${BENCH_DIR:-/tmp/hsb-bench-foundation}"
rm -rf "$work" && mkdir -p "$work"

dotnet build "$repo/samples/Samples.proj" -nologo -v:q >/dev/null
cp -r "$repo/samples/templates" "$repo/samples/themes" "$repo/samples/components" "$repo/samples/nuget.config" \
      "$repo/samples/Directory.Build.props" "$repo/samples/Directory.Packages.props" "$work/"
sed -i "s#\.\./artifacts/#$repo/artifacts/#g" "$work/nuget.config"
mkdir -p "$work/DocsSite" && cp -r "$repo/samples/DocsSite/DocsSite.proj" "$repo/samples/DocsSite/content" "$work/DocsSite/"
mkdir -p "$work/DocsSiteNT" && cp -r "$repo/samples/DocsSite/content" "$work/DocsSiteNT/"
cat > "$work/DocsSiteNT/DocsSiteNT.proj" <<'XML'
<Project Sdk="Microsoft.Build.NoTargets/3.7.0">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <HugoTemplate>default</HugoTemplate>
    <HugoTheme>compose</HugoTheme>
    <HugoComponents>search;analytics</HugoComponents>
    <HugoSourceRoot>$(MSBuildProjectDirectory)/..</HugoSourceRoot>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="HugoSite.Build" Version="1.0.0" PrivateAssets="all" />
    <HugoComponent Include="analytics" Environment="HUGO_ANALYTICS_ID=bench" />
  </ItemGroup>
</Project>
XML
mkdir -p "$work/Empty"
cat > "$work/Empty/Empty.proj" <<'XML'
<Project Sdk="Microsoft.Build.NoTargets/3.7.0">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
</Project>
XML
history="$work/history.jsonl"
common=(-nologo -v:q "-p:HugoPerformanceHistoryFile=$history" "-p:HugoCacheDir=$work/cache" -p:HugoCache=false)

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

for p in Empty/Empty.proj DocsSite/DocsSite.proj DocsSiteNT/DocsSiteNT.proj; do dotnet build "$work/$p" "${common[@]}" >/dev/null; done
page_sdk="$(find "$work/DocsSite/content" -name '*.md' ! -name '_index.md' | sort | head -1)"
page_nt="$(find "$work/DocsSiteNT/content" -name '*.md' ! -name '_index.md' | sort | head -1)"

declare -A samples
for i in $(seq 0 "$runs"); do
  a=$(ms dotnet build "$work/Empty/Empty.proj" "${common[@]}")
  b=$(ms hugo --source "$work/DocsSite/obj/hugo/work" --destination "$work/hugo-out" --theme compose --cleanDestinationDir --noBuildLock --environment production)
  echo "<!-- bench $i -->" >> "$page_sdk"
  c=$(ms dotnet build "$work/DocsSite/DocsSite.proj" "${common[@]}")
  d=$(ms dotnet build "$work/DocsSite/DocsSite.proj" "${common[@]}")
  echo "<!-- bench $i -->" >> "$page_nt"
  cn=$(ms dotnet build "$work/DocsSiteNT/DocsSiteNT.proj" "${common[@]}")
  dn=$(ms dotnet build "$work/DocsSiteNT/DocsSiteNT.proj" "${common[@]}")
  if [ "$i" -gt 0 ]; then
    samples[a]+="$a "; samples[b]+="$b "; samples[c]+="$c "; samples[d]+="$d "; samples[cn]+="$cn "; samples[dn]+="$dn "
  fi
done

declare -A med
for k in a b c d cn dn; do med[$k]=$(echo "${samples[$k]}" | median); done
components=$(tail -n "$runs" "$history" | python3 -c 'import sys,json,statistics; print(round(statistics.median([json.loads(l)["phases"].get("components",0) for l in sys.stdin])))')
echo "runs=$runs, medians in ms [samples]"
echo "a  empty NoTargets build                  ${med[a]}  [${samples[a]}]"
echo "b  hugo alone                             ${med[b]}  [${samples[b]}]"
echo "c  DocsSite (SDK form), content changed   ${med[c]}  [${samples[c]}]"
echo "d  DocsSite (SDK form), nothing changed   ${med[d]}  [${samples[d]}]"
echo "c' DocsSite (NoTargets), content changed  ${med[cn]}  [${samples[cn]}]"
echo "d' DocsSite (NoTargets), nothing changed  ${med[dn]}  [${samples[dn]}]"
echo "components phase (site's own scripts)     ${components}"
echo "SDK form:       c - a - b  = $(( med[c] - med[a] - med[b] )) ms;  without components $(( med[c] - med[a] - med[b] - components )) ms (goal <= 150);  d - a  = $(( med[d] - med[a] )) ms (goal <= 50)"
echo "NoTargets form: c' - a - b = $(( med[cn] - med[a] - med[b] )) ms; without components $(( med[cn] - med[a] - med[b] - components )) ms (goal <= 150); d' - a = $(( med[dn] - med[a] )) ms (goal <= 50)"

# The same overhead measured inside MSBuild, where process start-up noise does not reach: the package's own
# targets on a content-change build (NoTargets form), from -clp:PerformanceSummary, excluding the Hugo run and
# the components' scripts (the site's own work), and the no-op build's targets. Four variants, interleaved run by
# run: the cache off and on (the default; every content change is a miss, so it checks and stores), each with the
# task assembly the package picks here (precompiled on .NET 10 linux-x64) and with the portable one.
variants=("precompiled,cache off|-p:HugoCache=false" "portable,cache off|-p:HugoCache=false -p:HugoPrecompiledTasks=false"
          "precompiled,cache on|-p:HugoCache=true" "portable,cache on|-p:HugoCache=true -p:HugoPrecompiledTasks=false")
declare -A own hugo_target
noop=""
nt_common=(-nologo "-p:HugoPerformanceHistoryFile=$history" "-p:HugoCacheDir=$work/cache")
for v in "${variants[@]}"; do  # one warm-up per variant (a property change rebuilds once)
  echo "<!-- warm $v -->" >> "$page_nt"
  dotnet build "$work/DocsSiteNT/DocsSiteNT.proj" "${nt_common[@]}" ${v#*|} -v:q >/dev/null
done
for i in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    name="${v%%|*}"
    echo "<!-- summary $i $name -->" >> "$page_nt"
    out=$(dotnet build "$work/DocsSiteNT/DocsSiteNT.proj" "${nt_common[@]}" ${v#*|} -v:m -clp:PerformanceSummary 2>&1 | sed -n '/Target Performance Summary/,/Task Performance Summary/p')
    own[$name]+="$(echo "$out" | awk '$3 ~ /^_?Hugo/ && $3 != "_HugoRunHugo" && $3 != "_HugoComponents" && $3 != "_HugoRecordBuild" {s+=$1} END {print s}') "
    hugo_target[$name]+="$(echo "$out" | awk '$3 == "_HugoRunHugo" {print $1}') "
    if [ "$name" = "precompiled,cache on" ]; then
      out=$(dotnet build "$work/DocsSiteNT/DocsSiteNT.proj" "${nt_common[@]}" ${v#*|} -v:m -clp:PerformanceSummary 2>&1 | sed -n '/Target Performance Summary/,/Task Performance Summary/p')
      noop+="$(echo "$out" | awk '$3 ~ /^_?Hugo/ && $3 != "_HugoRecordBuild" {s+=$1} END {print s}') "
    fi
  done
done
echo "package targets on a content change, without Hugo and components (goal <= 150):"
for v in "${variants[@]}"; do
  name="${v%%|*}"
  printf '  %-22s %5s ms  [%s]   _HugoRunHugo %s ms\n' "$name" "$(echo "${own[$name]}" | median)" "${own[$name]}" "$(echo "${hugo_target[$name]}" | median)"
done
echo "package targets on a no-op build (defaults):  $(echo "$noop" | median) ms  [$noop] (goal <= 50)"
