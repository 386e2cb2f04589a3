#!/usr/bin/env bash
# Cold-start cost of the package's tasks: each figure is the median over fresh processes, the way every one-off
# `dotnet build` of a site runs the tasks (see README.md).
#   bench/overhead/run.sh [runs] [scenario...]     default: 9 runs of build phases analyze steps resolve runhugo
# Extra environment for the harness process (e.g. DOTNET_TieredCompilation=0, DOTNET_ReadyToRun=0) is passed through.
# HARNESS_DLL=path runs another build of the harness; VARIANTS="before=/a/Harness.dll now=/b/Harness.dll" runs several,
# interleaved run by run so that each sees the same load (the table then has one column per variant).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
runs="${1:-9}"; [ $# -gt 0 ] && shift
scenarios=("$@"); [ ${#scenarios[@]} -eq 0 ] && scenarios=(build phases analyze steps resolve runhugo)
data="${BENCH_DIR:-/tmp/hsb-bench-overhead-data}"

if [ -z "${HARNESS_DLL:-}" ]; then
  dotnet build "$here/Harness" -c Release -nologo -v:q >/dev/null
  HARNESS_DLL="$here/Harness/bin/Release/net10.0/Harness.dll"
fi

# Data: a phase state of a finished build, a history holding 12 earlier builds of the site, a 25-file site output,
# the composed work folder for Hugo, and a stand-in Hugo that prints Hugo 0.111's lines and exits.
rm -rf "$data" && mkdir -p "$data/public/posts" "$data/work/themes" "$data/scratch"
cat > "$data/phases.template.json" <<'JSON'
{"schema":1,"session_id":"1795730834-11712-83e7cc","started_utc":"2026-11-26T22:07:14.364Z","frequency":1000000000,"session_start":4186812316873,"revision":50,"order":["total","setup","copy","hugo","cleanup"],"open":{},"durations_ms":{"setup":13.8585,"copy":51.1426,"hugo":273.2424,"cleanup":5.1901,"total":376.3439},"offsets_ms":{"total":0,"setup":27.0727,"copy":43.4793,"hugo":96.3123,"cleanup":370.6007},"parents":{"setup":"total","copy":"total","hugo":"total","cleanup":"total"},"runs":{"setup":1,"copy":1,"hugo":1,"cleanup":1,"total":1}}
JSON
# HISTORY_LINES=n: that many records instead of 12 (every one of this site unless HISTORY_SITES=k spreads them over k sites).
lines="${HISTORY_LINES:-12}"; sites="${HISTORY_SITES:-1}"
for i in $(seq 1 "$lines"); do
  site=$(( i % sites )); [ "$site" -eq 0 ] && project=/bench/Site/Site.proj || project="/bench/Other$site/Site.proj"
  echo '{"schema":1,"session_id":"17957'$i'-11712-83e7cc","timestamp":"2026-11-26T22:07:14.745Z","template":"minimal","project":"'$project'","success":true,"cache":{"hit":false,"enabled":false,"miss_reason":"disabled (HugoCache=false)"},"total_ms":3'$((i % 90 + 10))'.344,"phases":{"setup":13.858,"copy":51.143,"hugo":2'$((i % 90 + 10))'.242,"cleanup":5.19},"metrics":{"memory_mb":54.1,"file_count":25,"output_size_kb":42},"theme":"compose","parallel":{"enabled":true,"max_jobs":4},"hugo":{"version":"0.111.3","total_ms":107,"stats":{"aliases":8,"cleaned":0,"non_page_files":0,"pages":16,"paginator_pages":0,"processed_images":0,"sitemaps":0,"static_files":1},"exit_code":0},"copy":{"copied":1,"skipped":25,"removed":0,"bytes":617,"jobs":4},"machine":{"host":"'"$(hostname)"'","cores":2,"os":"Debian GNU/Linux 12 (bookworm)","runtime":".NET 10.0.12"},"package_version":"1.0.0","analysis":{"status":"EXCELLENT","baseline_median_ms":399.014,"baseline_mad_ms":61.606,"baseline_count":4,"change_pct":-5.68,"verdict":"within-noise","dominant_phase":"hugo"},"analysis_detail":{"change_ms":-22.67,"noise_band_ms":184.818,"thresholds":"built-in minimal"}}'
done > "$data/history.template.jsonl"
for i in $(seq 1 24); do echo "<html>page $i</html>" > "$data/public/posts/p$i.html"; done
echo '<html>home</html>' > "$data/public/index.html"
cp -r "$repo/samples/templates/minimal/." "$data/work/"
cp -r "$repo/samples/templates/minimal" "$data/work/template"
cp -r "$repo/samples/themes/compose" "$data/work/themes/"
cp -r "$repo/samples/NoTargetsSite/content" "$data/work/"
cat > "$data/fake-hugo" <<'SH'
#!/bin/sh
printf 'Start building sites … \nhugo v0.111.3+extended linux/amd64 BuildDate=2023-03-16T08:41:31Z VendorInfo=debian:0.111.3-1\n\n                   | EN  \n-------------------+-----\n  Pages            | 16  \n  Paginator pages  |  0  \n  Non-page files   |  0  \n  Static files     |  1  \n  Processed images |  0  \n  Aliases          |  8  \n  Sitemaps         |  0  \n  Cleaned          |  0  \n\nTotal in 12 ms\n'
SH
chmod +x "$data/fake-hugo"
# ResolveHugo remembers the version in hugo-version.txt on the warm-up run; measured runs read it from there.

raw="$data/raw.txt"; : > "$raw"
one() {
  local scenario="$1" dll="$2"
  rm -rf "$data/scratch" && mkdir -p "$data/scratch"
  cp "$data/phases.template.json" "$data/phases.json"
  cp "$data/history.template.jsonl" "$data/history.jsonl"
  case "$scenario" in
    build)   rm -rf "$data/work-build/content/blog"   # a content change: ParallelCopy copies again
             dotnet "$dll" build "$data" "${BENCH_HUGO:-$data/fake-hugo}" ;;
    phases)  dotnet "$dll" phases "$data/scratch" ;;
    analyze) dotnet "$dll" analyze "$data/phases.json" "$data/history.jsonl" "$data/public" "$data/scratch/trace.json" ;;
    steps)   dotnet "$dll" steps "$data/phases.json" "$data/history.jsonl" "$data/public" "$data/scratch/trace.json" ;;
    resolve) dotnet "$dll" resolve "$data/hugo-version.txt" ;;
    runhugo) dotnet "$dll" runhugo "$data/work" "$data/scratch" "${BENCH_HUGO:-$data/fake-hugo}" ;;
  esac
}
variants=(${VARIANTS:-"this=$HARNESS_DLL"})
for s in "${scenarios[@]}"; do
  for v in "${variants[@]}"; do one "$s" "${v#*=}" >/dev/null; done   # warm-up: disk cache, not the process
  for i in $(seq 1 "$runs"); do
    for v in "${variants[@]}"; do one "$s" "${v#*=}" | sed "s/^/${v%%=*} $s /" >> "$raw"; done
  done
done
python3 - "$raw" <<'PY2'
import sys, statistics, collections
rows = collections.OrderedDict()
names = []
for line in open(sys.argv[1]):
    n, s, k, v = line.split()
    if n not in names:
        names.append(n)
    rows.setdefault((s, k), {}).setdefault(n, []).append(float(v))
print(f"{'scenario':9} {'step':34}" + "".join(f"{n + ' median':>16}{'min':>8}" for n in names))
for (s, k), byname in rows.items():
    cells = "".join(f"{statistics.median(byname[n]):16.2f}{min(byname[n]):8.2f}" if n in byname else f"{'':24}" for n in names)
    print(f"{s:9} {k:34}{cells}")
print("runs per variant:", max(len(v) for byname in rows.values() for v in byname.values()))
PY2
