#!/bin/bash
# Our server alone under vs-ref.sh's workloads (5 s each), peak VmRSS sampled every 0.5 s, one
# line per workload; for quick before/after pairs (vs-ref-memory.sh gives the side-by-side
# figure), with wrk's requests/s, and last the kernel's high-water mark (VmHWM: the true peak,
# which sampling can miss). From the repository root: bash pds-bench/scripts/memory-ours.sh [JAR] [PORT]
# PDS_JAVA_OPTS and PDS_* settings in the environment reach the server.
set -uo pipefail
JAR=${1:-pds-server/target/pds.jar}; PORT=${2:-2796}
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
. "$(dirname "$0")/ours.sh"
start_embedded "$JAR" "$PORT" || exit 1
eval "$(bash "$H/setup.sh" 2>/dev/null)"
node "$H/setup-accounts.mjs" "$B" 4 mm >"$D.acc"; head -1 "$D.acc" >"$D.acc1"
node "$H/fill-repo.mjs" "$B" "$D.acc" 1000 2 >/dev/null
( while kill -0 $PID 2>/dev/null; do awk '/VmRSS/{print $2}' /proc/$PID/status; sleep 0.5; done ) >"$D.rss" &
S=$!
did=$(cut -d' ' -f1 "$D.acc1")
rps() { awk '/Requests\/sec/ {printf "req/s=%s\n", $2}' >"$D.rps"; }
for w in write1 write4 getRecord listRecords getRepo; do
  case $w in
    write1) ACCOUNTS=$D.acc1 wrk -t1 -c1 -d5s -s "$H/create-record.lua" "$B" | rps ;;
    write4) ACCOUNTS=$D.acc wrk -t4 -c4 -d5s -s "$H/create-record.lua" "$B" | rps ;;
    getRecord) rk=$(curl -s "$B/xrpc/com.atproto.repo.listRecords?repo=$did&collection=app.bsky.feed.post&limit=1" | sed 's/.*app.bsky.feed.post\/\([a-z0-9]*\)".*/\1/')
      wrk -t2 -c16 -d5s "$B/xrpc/com.atproto.repo.getRecord?repo=$did&collection=app.bsky.feed.post&rkey=$rk" | rps ;;
    listRecords) wrk -t2 -c16 -d5s "$B/xrpc/com.atproto.repo.listRecords?repo=$did&collection=app.bsky.feed.post&limit=100" | rps ;;
    getRepo) wrk -t1 -c2 -d5s "$B/xrpc/com.atproto.sync.getRepo?did=$(sed -n 2p "$D.acc" | cut -d' ' -f1)" | rps ;;
  esac
  printf '%s ' "$w"; cat "$D.rps"
  echo "$w rss_mb=$(( $(awk '/VmRSS/{print $2}' /proc/$PID/status) / 1024 )) peak_so_far_mb=$(( $(sort -n "$D.rss" | tail -1) / 1024 ))"
done
echo "hwm_mb=$(( $(awk '/VmHWM/{print $2}' /proc/$PID/status) / 1024 ))"
kill $S $PID; wait $PID 2>/dev/null
