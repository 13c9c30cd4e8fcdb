#!/bin/bash
# One side of a back-to-back pair: starts the server from JAR (as ../shared/bench/lib.sh's
# start_ours does, on PORT), makes 4 accounts, warms up, then measures and stops it. Run it
# for the "before" jar and then the "after" jar, on a quiet machine, from the repository root.
#   bash pds-bench/scripts/pair.sh JAR PORT LABEL write   # write1 and write4, CPU per request by thread (write-cpu.py), twice
#   bash pds-bench/scripts/pair.sh JAR PORT LABEL list    # listRecords (100 a page, wrk -t2 -c16), three rounds, then RSS
set -uo pipefail
JAR=$1; PORT=$2; L=$3; WHAT=$4
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
D=$(mktemp -d)
PDS_PORT=$PORT PDS_HOSTNAME=localhost PDS_DATA_DIRECTORY=$D PDS_DEV_MODE=true PDS_INVITE_REQUIRED=false \
  PDS_SERVICE_HANDLE_DOMAINS=.test PDS_ADMIN_PASSWORD=admin-pass PDS_RATE_LIMITS_ENABLED=false PDS_CRAWLERS= \
  java ${PDS_JAVA_OPTS:-} -jar "$JAR" serve >"$D.log" 2>&1 &
PID=$!
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$PORT/xrpc/com.atproto.server.describeServer" && break; sleep 0.5; done
eval "$(bash "$H/setup.sh" 2>/dev/null)"
B=http://127.0.0.1:$PORT
node "$H/setup-accounts.mjs" "$B" 4 "p$L" >"$D.acc"; head -1 "$D.acc" >"$D.acc1"
if [[ $WHAT == write ]]; then
  ACCOUNTS=$D.acc wrk -t4 -c4 -d15s -s "$H/create-record.lua" "$B" >/dev/null
  ACCOUNTS=$D.acc1 wrk -t1 -c1 -d8s -s "$H/create-record.lua" "$B" >/dev/null
  for r in 1 2; do
    echo "[$L] write1 round $r"; python3 "$SCRIPTS/write-cpu.py" $PID $PORT "$D.acc1" 1 8 | head -4
    echo "[$L] write4 round $r"; python3 "$SCRIPTS/write-cpu.py" $PID $PORT "$D.acc" 4 8 | head -4
  done
else
  ACCOUNTS=$D.acc1 wrk -t1 -c1 -d5s -s "$H/create-record.lua" "$B" >/dev/null
  did=$(cut -d' ' -f1 "$D.acc1")
  U="$B/xrpc/com.atproto.repo.listRecords?repo=$did&collection=app.bsky.feed.post&limit=100"
  wrk -t2 -c16 -d8s "$U" >/dev/null
  for r in 1 2 3; do echo "[$L] listRecords $(wrk -t2 -c16 -d6s "$U" | grep Requests/sec) load $(cut -d' ' -f1 /proc/loadavg)"; done
  echo "[$L] $(grep VmRSS /proc/$PID/status)"
fi
kill $PID; wait $PID 2>/dev/null
