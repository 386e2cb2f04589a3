#!/bin/sh
# Phase timing and history benchmark (docs/benchmarks.md, "Phase timing and history").
# Usage: bench/history/run.sh [DIR] [extra args]   DIR defaults to /tmp/hsb-bench-history (disk); try /dev/shm/hsb-bench-history (tmpfs).
set -e
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-/tmp/hsb-bench-history}
[ $# -gt 0 ] && shift
dotnet run -c Release --project "$here/HistoryBench" -- --dir "$dir" "$@"
