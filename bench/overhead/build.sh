#!/usr/bin/env bash
# Real builds: per-task times (MSBuild's -clp:PerformanceSummary) and wall times of `dotnet build` on a copy of the
# NoTargetsSite sample, for one or more builds of the task assembly, interleaved so every variant sees the same load.
#   bench/overhead/build.sh [runs] [name=path/to/HugoSite.Build.Tasks.dll ...]
#   bench/overhead/build.sh [runs] [name=path/to/bench-dir[,msbuild-arguments] ...]
# Default variant: this worktree's Release build (src/HugoSite.Build.Tasks/bin/Release/net8.0). A variant that is a
# folder is a bench site set up by setup.sh in another tree: its whole package (targets and tasks) is measured, which
# is how changes to the targets are compared; arguments after a comma go to its builds (for example
# ,-p:HugoPrecompiledTasks=false for the portable assembly).
# Per run and variant: a  the empty NoTargets project; c  the site after one content file changed; d  the site again,
# nothing changed; b  hugo alone on a copy of the composed work folder. Overhead = c - a - b (goal <= 150 ms), d - a (goal <= 50 ms).
# The build cache is off so every run builds; HUGO_CACHE=true keeps it on (each content change is then a miss:
# the cache check and store run too, as in a default build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
runs="${1:-7}"; [ $# -gt 0 ] && shift
variants=("$@"); [ ${#variants[@]} -eq 0 ] && variants=("this=$repo/src/HugoSite.Build.Tasks/bin/Release/net8.0/HugoSite.Build.Tasks.dll")
work="${BENCH_DIR:-/tmp/hsb-bench-overhead}"
[ -f "$work/Site/Site.proj" ] || "$here/setup.sh" "$work" >/dev/null
raw="$work/build-raw.txt"; : > "$raw"
page="$(find "$work/Site/content" -name '*.md' ! -name '_index.md' | sort | head -1)"
common=(-nologo "-p:HugoPerformanceHistoryFile=$work/history.jsonl" "-p:HugoCache=${HUGO_CACHE:-false}")
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

# The site and the arguments of variant $1 (name=value): a bench folder's own site, or this one's with the assembly.
variant() {
  local value="${1#*=}" dir
  dir="${value%%,*}"
  if [ -d "$dir" ]; then
    site="$dir/Site/Site.proj"; vpage="$(find "$dir/Site/content" -name '*.md' ! -name '_index.md' | sort | head -1)"
    vargs=(); [ "$dir" = "$value" ] || IFS=' ' read -r -a vargs <<< "${value#*,}"
  else
    site="$work/Site/Site.proj"; vpage="$page"; vargs=("-p:HugoTasksAssembly=$value")
  fi
}
for v in "${variants[@]}"; do  # warm-up per variant (disk cache, history, work folder)
  variant "$v"
  echo "<!-- warm ${v%%=*} -->" >> "$vpage"
  dotnet build "$site" "${common[@]}" "${vargs[@]}" -v:q >/dev/null
done
dotnet build "$work/Empty/Empty.proj" -nologo -v:q >/dev/null
# b runs Hugo on a copy of the composed site taken after a full build: a build with the cache on may restore the site
# from the cache without composing the work folder, so the work folder itself is not always a whole site.
echo "<!-- compose -->" >> "$page"
dotnet build "$work/Site/Site.proj" "${common[@]/-p:HugoCache=*/-p:HugoCache=false}" -v:q >/dev/null
[ -d "$work/Site/obj/hugo/work/themes/compose" ] || { echo "the work folder holds no composed site" >&2; exit 1; }
rm -rf "$work/composed"; cp -a "$work/Site/obj/hugo/work" "$work/composed"
for i in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    name="${v%%=*}"; variant "$v"
    a=$(ms dotnet build "$work/Empty/Empty.proj" -nologo -v:q)
    b=$(ms hugo --source "$work/composed" --destination "$work/hugo-out" --theme compose --cleanDestinationDir --noBuildLock --environment production)
    echo "<!-- run $i $name -->" >> "$vpage"
    s=$(date +%s%N)
    out=$(dotnet build "$site" "${common[@]}" "${vargs[@]}" -v:m -clp:PerformanceSummary 2>&1) || { echo "$out" >&2; exit 1; }
    e=$(date +%s%N)
    c=$(( (e - s) / 1000000 ))
    d=$(ms dotnet build "$site" "${common[@]}" "${vargs[@]}" -v:q)
    echo "$name a $a" >> "$raw"; echo "$name b $b" >> "$raw"; echo "$name c $c" >> "$raw"; echo "$name d $d" >> "$raw"
    echo "$out" | sed -n '/Task Performance Summary/,$p' | awk -v n="$name" '$2=="ms" && $4 ~ /^[0-9]+$/ && $5 ~ /calls/ {print n, $3, $1}' >> "$raw"
    echo "$out" | sed -n '/Target Performance Summary/,/Task Performance Summary/p' \
      | awk -v n="$name" '$2=="ms" && $3 ~ /^_Hugo/ && $3 != "_HugoRunHugo" && $3 != "_HugoComponents" && $3 != "_HugoRecordBuild" {s+=$1} END {print n, "package-targets", s}' >> "$raw"
  done
done
python3 - "$raw" <<'PY'
import sys, statistics, collections
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    n, k, v = line.split()
    rows.setdefault(k, collections.OrderedDict()).setdefault(n, []).append(float(v))
names = list(dict.fromkeys(n for k in rows for n in rows[k]))
keys = ["a", "b", "c", "d", "package-targets", "RecordPhase", "ResolveHugo", "ParallelCopy", "RunHugo", "AnalyzePerformance"]
keys += [k for k in rows if k not in keys and any(statistics.median(v) >= 3 for v in rows[k].values())]
print("medians in ms over", max(len(v) for k in rows for v in rows[k].values()), "runs per variant")
print(f"{'':22}" + "".join(f"{n:>14}" for n in names))
med = {}
for k in keys:
    if k not in rows: continue
    cells = []
    for n in names:
        v = rows[k].get(n)
        m = statistics.median(v) if v else float('nan'); med[(k, n)] = m
        cells.append(f"{m:14.0f}")
    print(f"{k:22}" + "".join(cells))
print(f"{'c - a - b':22}" + "".join(f"{med[('c',n)]-med[('a',n)]-med[('b',n)]:14.0f}" for n in names))
print(f"{'d - a':22}" + "".join(f"{med[('d',n)]-med[('a',n)]:14.0f}" for n in names))
PY
