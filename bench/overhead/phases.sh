#!/usr/bin/env bash
# Phase times of real content-change builds, as the history records them ("phases" and "total_ms"), for copies of the
# bench site each restored against its own package build (setup.sh run from each tree), interleaved run by run.
#   bench/overhead/phases.sh [runs] name=/path/to/bench-dir ...
# Prints, per variant, the median of each phase, of total_ms and of total_ms minus the sum of the phases. The default
# build cache is on (HUGO_CACHE=false turns it off), so each content change is a miss and every phase runs.
# BUILD_ARGS adds arguments to every build, e.g. BUILD_ARGS=-p:HugoPrecompiledTasks=false for the portable assembly.
set -euo pipefail
runs="${1:-7}"; [ $# -gt 0 ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [runs] name=bench-dir ..." >&2; exit 2; }
variants=("$@")
build() {  # bench-dir history-file
  local page; page="$(find "$1/Site/content" -name '*.md' ! -name '_index.md' | sort | head -1)"
  echo "<!-- $(date +%s%N) -->" >> "$page"
  dotnet build "$1/Site/Site.proj" -nologo -v:q "-p:HugoPerformanceHistoryFile=$2" "-p:HugoCache=${HUGO_CACHE:-true}" ${BUILD_ARGS:-} >/dev/null
}
for v in "${variants[@]}"; do  # warm-up per variant, not counted (disk cache, work folder, history)
  dir="${v#*=}"; : > "$dir/phases-history.jsonl"
  build "$dir" "$dir/phases-warm.jsonl"
done
for i in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    dir="${v#*=}"; build "$dir" "$dir/phases-history.jsonl"
  done
done
python3 - "${variants[@]}" <<'PY'
import sys, json, statistics
cols, names = {}, []
for v in sys.argv[1:]:
    name, d = v.split("=", 1)
    recs = [json.loads(l) for l in open(d + "/phases-history.jsonl") if l.strip()]
    c = {}
    for r in recs:
        for p, ms in r["phases"].items():
            c.setdefault(p, []).append(ms)
        c.setdefault("total_ms", []).append(r["total_ms"])
        c.setdefault("total - sum of phases", []).append(r["total_ms"] - sum(r["phases"].values()))
    cols[name] = c
    names.append(name)
rows = list(dict.fromkeys(k for n in names for k in cols[n] if k not in ("total_ms", "total - sum of phases")))
rows += ["total_ms", "total - sum of phases"]
print("medians in ms over", ", ".join(f"{len(cols[n]['total_ms'])} {n}" for n in names), "builds")
print(f"| {'figure':22} | " + " | ".join(f"{n:>10}" for n in names) + " |")
for k in rows:
    print(f"| {k:22} | " + " | ".join(f"{statistics.median(cols[n][k]):10.1f}" if k in cols[n] else f"{'':>10}" for n in names) + " |")
PY
