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
. "$(dirname "$0")/ours.sh"
start_embedded "$JAR" "$PORT" || exit 1
eval "$(bash "$H/setup.sh" 2>/dev/null)"
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
