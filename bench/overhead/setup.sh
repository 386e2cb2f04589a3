#!/usr/bin/env bash
# Copies the NoTargetsSite sample (minimal template, no components) into a scratch folder that builds against the
# package packed from this repository, so real builds can be timed without touching samples/.
#   bench/overhead/setup.sh [dir]        (default /tmp/hsb-bench-overhead)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/hsb-bench-overhead}"
rm -rf "$work" && mkdir -p "$work"
[ -f "$repo/artifacts/packages/HugoSite.Build.1.0.0.nupkg" ] || dotnet build "$repo/samples/Samples.proj" -nologo -v:q >/dev/null
cp -r "$repo/samples/templates" "$repo/samples/themes" "$repo/samples/components" "$repo/samples/nuget.config" \
      "$repo/samples/Directory.Build.props" "$repo/samples/Directory.Packages.props" "$work/"
sed -i "s#\.\./artifacts/#$repo/artifacts/#g" "$work/nuget.config"
mkdir -p "$work/Site" && cp -r "$repo/samples/NoTargetsSite/NoTargetsSite.proj" "$repo/samples/NoTargetsSite/content" "$work/Site/"
mv "$work/Site/NoTargetsSite.proj" "$work/Site/Site.proj"
mkdir -p "$work/Empty"
cat > "$work/Empty/Empty.proj" <<'XML'
<Project Sdk="Microsoft.Build.NoTargets/3.7.0">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
</Project>
XML
dotnet restore "$work/Site/Site.proj" -nologo -v:q >/dev/null
dotnet restore "$work/Empty/Empty.proj" -nologo -v:q >/dev/null
echo "$work"
