#!/bin/bash
# No-op builds of one site with environment variables Hugo reads set: prints the sum of the package's targets
# and the time of _HugoCollectEnvironment and _HugoCheckLinks per run (after one real build).
# Usage: bench/overhead/noop-inputs.sh <site folder with a built project> [runs]
set -euo pipefail
site=${1:?site folder}
runs=${2:-5}
export MSBUILDDISABLENODEREUSE=1 HUGO_BASEURL=https://env.example.org/
cd "$site"
dotnet build -nologo -v:q > /dev/null
for i in $(seq 1 "$runs"); do
  log=$(dotnet build -nologo -v:m -clp:PerformanceSummary)
  total=$(echo "$log" | awk '/^ +[0-9]+ ms +_Hugo/ {s+=$1} END {print s+0}')
  env=$(echo "$log" | awk '/ms +_HugoCollectEnvironment/ {print $1}')
  links=$(echo "$log" | awk '/ms +_HugoCheckLinks/ {print $1}')
  echo "run $i: package targets ${total} ms, _HugoCollectEnvironment ${env:-0} ms, _HugoCheckLinks ${links:--} ms"
done
