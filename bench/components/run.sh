#!/usr/bin/env bash
# Components phase benchmark: runs InitComponents (freshly built, net8.0, Release) through bench.proj on inline
# components that print one line and sleep, and prints the median of REPS runs per scenario.
#   bench/components/run.sh            # all scenarios, 7 runs each
#   REPS=5 bench/components/run.sh par4 seq4
# Output: one table row per scenario; the raw BENCH lines go to $OUT (default /dev/shm/hsb-bench-components/raw.txt).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
reps="${REPS:-7}"
out="${OUT:-/dev/shm/hsb-bench-components/raw.txt}"
mkdir -p "$(dirname "$out")"
: > "$out"

dotnet build "$root/src/HugoSite.Build.Tasks" -c Release -f net8.0 -nologo -v:q >/dev/null

replist="$(seq -s + 1 "$reps")"
names() { seq -s + -f 'c%g' 1 "$1"; }

run() { # scenario, then extra -p: switches; REPS runs in one MSBuild process (the first one pays the JIT)
  local scenario="$1"; shift
  dotnet msbuild "$here/bench.proj" -nologo -v:m -nodeReuse:false "-p:RepList=$replist" "-p:Scenario=$scenario" "$@" \
    | grep -o 'BENCH .*' >> "$out"
}

cold() { # scenario, then extra -p: switches; REPS runs, each in a fresh MSBuild process, as a one-off dotnet build is
  local scenario="$1"; shift
  for _ in $(seq 1 "$reps"); do
    dotnet msbuild "$here/bench.proj" -nologo -v:m -nodeReuse:false -p:RepList=1 "-p:Scenario=$scenario" "$@" \
      | grep -o 'BENCH .*' >> "$out"
  done
}

scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(par4 seq4 par8 slow8 overhead cold probe)
for s in "${scenarios[@]}"; do
  case "$s" in
    par4)     run par4 "-p:Names=$(names 4)" -p:Seconds=1 -p:Jobs=4 ;;
    seq4)     run seq4 "-p:Names=$(names 4)" -p:Seconds=1 -p:Parallel=false ;;
    par8)     run par8 "-p:Names=$(names 8)" -p:Seconds=1 -p:Jobs=4 ;;
    slow8)    run slow8 "-p:Names=$(names 8)" -p:Seconds=1 -p:SlowName=c1 -p:SlowSeconds=3 -p:Jobs=4 ;;
    overhead) run overhead "-p:Names=$(names 8)" -p:Seconds=0 -p:Parallel=false ;;
    cold)     cold cold "-p:Names=$(names 4)" -p:Seconds=0 -p:Jobs=4 ;;
    probe)    # the runtime alone: Process.Start to first line, in REPS fresh processes (run 0 cold, run 2 warm)
              dotnet build "$here/probe" -c Release -nologo -v:q >/dev/null
              for _ in $(seq 1 "$reps"); do dotnet "$here/probe/bin/Release/net8.0/ProcessStartProbe.dll"; done > "$out.probe"
              for r in 0 2; do
                grep "run=$r " "$out.probe" | sed 's/.*first_output_ms=//' | sort -n | awk -v r="$r" '{a[NR]=$1} END {printf "runtime alone, Process.Start to first line, run %s in a fresh process: median %.1f ms of %d\n", r, (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), NR}' >&2
              done ;;
    *) echo "unknown scenario $s" >&2; exit 2 ;;
  esac
done

# wall_ms: the InitComponents task call as MSBuild sees it. makespan_ms: first start to last end, from Results.
# first_output_ms: per component, from the scheduler starting it to the first line of its output.
awk '
function median(list,   n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
  for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  s = f["scenario"]
  if (!(s in seen)) { seen[s] = 1; order[++count] = s }
  wall[s] = wall[s] " " f["wall_ms"]
  n = split(f["start_ms"], st, ","); split(f["duration_ms"], du, ","); m = 0
  for (i = 1; i <= n; i++) if (st[i] + du[i] > m) m = st[i] + du[i]
  span[s] = span[s] " " m
  # slot handoff: for a component that had to wait for a slot (listed after the first "jobs" ones; no dependencies
  # here), its start minus the latest end before it
  for (i = f["jobs"] + 1; i <= n; i++) {
    h = -1
    for (k = 1; k <= n; k++) {
      if (k == i) continue
      e = st[k] + du[k]
      if (e <= st[i] && (h < 0 || st[i] - e < h)) h = st[i] - e
    }
    if (h >= 0) hand[s] = hand[s] " " h
  }
  n = split(f["first_output_ms"], fo, ",")
  for (i = 1; i <= n; i++) first[s] = first[s] " " fo[i]
  firstof[s] = firstof[s] " " fo[1]
  runs[s]++
  if (f["results"] ~ /Failed|TimedOut|Cancelled|NotStarted/) bad[s]++
}
END {
  printf "| scenario | runs | median wall ms | median makespan ms | median first output ms (all components) | median first output ms (first component) | median slot handoff ms | failed runs |\n"
  printf "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
  for (k = 1; k <= count; k++) { s = order[k]
    printf "| %s | %d | %.0f | %.0f | %.1f | %.1f | %s | %d |\n", s, runs[s], median(wall[s]), median(span[s]), median(first[s]), median(firstof[s]), (s in hand) ? sprintf("%.0f", median(hand[s])) : "-", bad[s] + 0 }
}' "$out"
