#!/usr/bin/env bash
# The remote build cache in real builds, against the real turborepo-remote-cache server on loopback (local
# storage): packs the package, copies samples/DocsSite, and per round (RUNS, default 3) builds
#   miss + upload   local cache and server emptied, -t:Rebuild: Hugo runs, the entry is stored and uploaded
#   local hit       the site stamp removed: the entry is restored from the local cache
#   remote hit      local cache emptied, stamp removed: the entry is downloaded, verified, stored, restored
# and reads every figure from the history record (total_ms, the cache-check and cache-store phases,
# cache.upload_bytes/upload_ms, cache.remote_bytes/remote_ms). Medians, every run listed.
# usage: bench/cache/run-remote.sh [pages]   pages: DocsSite with that many generated posts as its content.
#        env: BENCH_DIR (default /tmp/hsb-remote-bench), RUNS, HSB_REMOTE_CACHE_DIR (default /opt/hsb-remote-cache)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${BENCH_DIR:-/tmp/hsb-remote-bench}
runs=${RUNS:-3}
pages=${1:-}
cli=${HSB_REMOTE_CACHE_DIR:-/opt/hsb-remote-cache}/node_modules/turborepo-remote-cache/dist/cli.js
[[ -f $cli ]] || { echo "turborepo-remote-cache is not installed at $cli (see .ci/run)" >&2; exit 1; }

rm -rf "$root"; mkdir -p "$root/feed" "$root/storage"
dotnet pack "$repo/src/HugoSite.Build.Tasks" -c Release -o "$root/feed" -p:Version=1.0.0 -nologo -v:q >/dev/null
cat > "$root/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$root/packages" /></config>
  <packageSources><clear /><add key="feed" value="$root/feed" /></packageSources>
</configuration>
XML
cp -r "$repo/samples/templates" "$repo/samples/themes" "$repo/samples/components" "$repo/samples/DocsSite" "$root/"
site="$root/DocsSite"
if [[ -n $pages ]]; then
  rm -rf "$site/content"; "$here/gen-site.sh" "$root/gen" "$pages" 0 >/dev/null; mv "$root/gen/content" "$site/content"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PORT=$port HOST=127.0.0.1 TURBO_TOKEN=bench-token STORAGE_PROVIDER=local STORAGE_PATH="$root/storage" \
  STORAGE_PATH_USE_TMP_FOLDER=false LOG_LEVEL=warn node "$cli" >"$root/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null; do sleep 0.2; done

export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TURBO_TOKEN=bench-token TURBO_TEAM=bench
build() { dotnet build "$site/DocsSite.proj" -nologo -v:m -clp:NoSummary -p:HugoPerformanceHistoryFile="$root/history.jsonl" \
  -p:HugoCacheDir="$root/cache" -p:HugoRemoteCacheUrl="http://127.0.0.1:$port" "$@" >/dev/null; }
last() { tail -1 "$root/history.jsonl" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); c=r["cache"]; p=r["phases"]
print(c["hit"], c.get("remote", False), r["total_ms"], p.get("cache-check", 0), p.get("cache-store", 0), c.get("upload_bytes", 0), c.get("upload_ms", 0), c.get("remote_bytes", 0), c.get("remote_ms", 0))'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

build                                                            # restore and a first build, not measured
declare -a miss_total=() store=() upload=() up_bytes=() local_total=() local_check=() remote_total=() remote_check=() remote_ms=() down_bytes=()
for ((r = 0; r < runs; r++)); do
  rm -rf "$root/cache"; find "$root/storage" -type f -delete; sync; build -t:Rebuild
  read -r hit remote total check st ub um rb rm_ < <(last); [[ $hit == False ]] || { echo "expected a miss" >&2; exit 1; }
  miss_total+=("$total"); store+=("$st"); upload+=("$um"); up_bytes+=("$ub")
  rm -f "$site/obj/hugo/site.stamp"; sync; build
  read -r hit remote total check st ub um rb rm_ < <(last); [[ $hit == True && $remote == False ]] || { echo "expected a local hit" >&2; exit 1; }
  local_total+=("$total"); local_check+=("$check")
  rm -rf "$root/cache"; rm -f "$site/obj/hugo/site.stamp"; sync; build
  read -r hit remote total check st ub um rb rm_ < <(last); [[ $hit == True && $remote == True ]] || { echo "expected a remote hit" >&2; exit 1; }
  remote_total+=("$total"); remote_check+=("$check"); remote_ms+=("$rm_"); down_bytes+=("$rb")
done
files=$(find "$site/public" -type f | wc -l)
m() { printf '%s\n' "$@" | median; }
l() { echo "$@" | tr ' ' '/'; }
label=${pages:+"DocsSite with $pages generated posts"}; label=${label:-"samples/DocsSite"}
echo "$label, $files output files, load $(cut -d' ' -f1-3 /proc/loadavg), medians of $runs (every run after the ':')"
printf '| build | total ms | cache-check ms | cache-store ms | remote ms | bytes |\n| --- | --- | --- | --- | --- | --- |\n'
printf '| miss + upload | %s: %s | | %s: %s | upload %s: %s | %s up |\n' "$(m "${miss_total[@]}")" "$(l "${miss_total[@]}")" "$(m "${store[@]}")" "$(l "${store[@]}")" "$(m "${upload[@]}")" "$(l "${upload[@]}")" "$(m "${up_bytes[@]}")"
printf '| local hit | %s: %s | %s: %s | | | 0 |\n' "$(m "${local_total[@]}")" "$(l "${local_total[@]}")" "$(m "${local_check[@]}")" "$(l "${local_check[@]}")"
printf '| remote hit | %s: %s | %s: %s | | download %s: %s | %s down |\n' "$(m "${remote_total[@]}")" "$(l "${remote_total[@]}")" "$(m "${remote_check[@]}")" "$(l "${remote_check[@]}")" "$(m "${remote_ms[@]}")" "$(l "${remote_ms[@]}")" "$(m "${down_bytes[@]}")"
