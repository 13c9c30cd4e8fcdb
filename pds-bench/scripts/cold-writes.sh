#!/bin/bash
# How fast a fresh server writes in its first seconds (JIT warm-up): starts JAR on PORT as
# ours.sh does, creates 4 accounts and fills them as vs-ref.sh does, then ROUNDS write1 runs of
# 5 s and ROUNDS write4 runs, each followed by a 5 s pause (vs-ref.sh's reference turn).
# PDS_JAVA_OPTS reaches the JVM. Usage: bash pds-bench/scripts/cold-writes.sh JAR PORT ROUNDS
set -uo pipefail
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
eval "$(bash "$H/setup.sh" 2>/dev/null)"
. "$SCRIPTS/ours.sh"
start_embedded "$1" "$2"
node "$H/setup-accounts.mjs" "$B" 4 wc > "$D.acc"; head -1 "$D.acc" > "$D.acc1"
node "$H/fill-repo.mjs" "$B" "$D.acc" 1000 2 > /dev/null
rate() { awk '/Requests\/sec/ {print int($2)}'; }
w1=(); w4=()
for _ in $(seq 1 "$3"); do w1+=("$(ACCOUNTS=$D.acc1 wrk -t1 -c1 -d5s -s "$H/create-record.lua" "$B" | rate)"); sleep 5; done
for _ in $(seq 1 "$3"); do w4+=("$(ACCOUNTS=$D.acc wrk -t4 -c4 -d5s -s "$H/create-record.lua" "$B" | rate)"); sleep 5; done
echo "opts='${PDS_JAVA_OPTS:-}' write1: ${w1[*]} write4: ${w4[*]}"
kill "$PID"; wait "$PID" 2>/dev/null
