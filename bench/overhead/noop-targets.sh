#!/usr/bin/env bash
# The package's MSBuild files alone on a no-op build of the SDK form: the summed time of every _Hugo*/HugoBuild
# target (MSBuild's -clp:PerformanceSummary) of a build with nothing changed, for the build/ files of a git revision
# and of this worktree, interleaved run by run; also that no task of the package ran. The task assembly is the same
# for both (packed once from this worktree), so only the targets differ.
#   bench/overhead/noop-targets.sh [runs] [revision]      (defaults 7, main)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
runs="${1:-7}"; rev="${2:-main}"
work="${BENCH_DIR:-/tmp/hsb-bench-noop}"
rm -rf "$work" && mkdir -p "$work/feed" "$work/base/build/Sdk"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources><clear /><add key="feed" value="$work/feed" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources>
</configuration>
XML
dotnet pack "$repo/src/HugoSite.Build.Tasks/HugoSite.Build.Tasks.csproj" -c Release -o "$work/feed" -p:Version=1.0.0 -p:HugoPackReadyToRun=false -nologo -v:q >/dev/null
for f in $(git -C "$repo" ls-tree --name-only -r "$rev" build/); do mkdir -p "$work/base/$(dirname "$f")"; git -C "$repo" show "$rev:$f" > "$work/base/$f"; done
cp -r "$repo/samples/templates" "$repo/samples/themes" "$work/"
mkdir -p "$work/Site" && cp -r "$repo/samples/NoTargetsSite/content" "$work/Site/"
cat > "$work/Site/Site.proj" <<'XML'
<Project Sdk="HugoSite.Build/1.0.0">
  <PropertyGroup>
    <HugoTemplate>minimal</HugoTemplate>
    <HugoTheme>compose</HugoTheme>
    <HugoSourceRoot>$(MSBuildProjectDirectory)/..</HugoSourceRoot>
  </PropertyGroup>
</Project>
XML
common=(-nologo "-p:HugoPerformanceHistoryFile=$work/history.jsonl" "-p:HugoCacheDir=$work/cache")
dotnet build "$work/Site/Site.proj" "${common[@]}" -v:q >/dev/null   # restores and extracts the package
pkg="$work/packages/hugosite.build/1.0.0"
use() { rm -f "$pkg"/build/*.props "$pkg"/build/*.targets; cp "$1"/build/*.props "$1"/build/*.targets "$pkg/build/"; cp "$1"/build/Sdk/* "$pkg/Sdk/"; }
declare -A times
for i in $(seq 1 "$runs"); do
  for v in base this; do
    if [ "$v" = base ]; then use "$work/base"; else use "$repo"; fi
    dotnet build "$work/Site/Site.proj" "${common[@]}" -v:q >/dev/null   # the switch itself makes the site out of date
    out=$(dotnet build "$work/Site/Site.proj" "${common[@]}" -v:m -clp:PerformanceSummary 2>&1)
    echo "$out" | grep -q "site is up to date" || { echo "not a no-op:" >&2; echo "$out" >&2; exit 1; }
    ms=$(echo "$out" | sed -n '/Target Performance Summary/,/Task Performance Summary/p' | grep -E ' (_Hugo|HugoBuild)' | awk '{s+=$1} END {print s}')
    tasks=$(echo "$out" | sed -n '/Task Performance Summary/,$p' | grep -cE 'RecordPhase|ResolveHugo|ParallelCopy|RunHugo|AnalyzePerformance|HugoCache|HugoGuard|HugoProjectLock|InitComponents' || true)
    times[$v]="${times[$v]:-} $ms"
    echo "run $i $v: package targets ${ms} ms, package tasks run: $tasks"
  done
done
use "$repo"
for v in base this; do
  echo "$v: median $(echo ${times[$v]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms, min $(echo ${times[$v]} | tr ' ' '\n' | sort -n | head -1) ms"
done
