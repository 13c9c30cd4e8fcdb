#!/bin/bash
# Where a synced write's time goes on the block device: starts JAR on 2911 as ours.sh does, fills
# and warms as profile-writes.sh does, then records 6 s of kernel tracepoints (fdatasync enter and
# exit, block request issue and completion) across the machine during 5 s of write1, and prints
# the phases of each fdatasync by the kinds of block requests it made (sync-phases.py). Needs root
# (perf with tracepoints). Usage: bash pds-bench/scripts/trace-syncs.sh JAR   (from the repository root)
set -uo pipefail
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
eval "$(bash "$H/setup.sh" 2>/dev/null)"
. "$SCRIPTS/ours.sh"
start_embedded "$1" 2911
node "$H/setup-accounts.mjs" "$B" 4 wt > "$D.acc"; head -1 "$D.acc" > "$D.acc1"
node "$H/fill-repo.mjs" "$B" "$D.acc" 1000 2 > /dev/null
ACCOUNTS=$D.acc wrk -t4 -c4 -d15s -s "$H/create-record.lua" "$B" > /dev/null
ACCOUNTS=$D.acc1 wrk -t1 -c1 -d15s -s "$H/create-record.lua" "$B" > /dev/null
perf record -a -o "$D.perf" -e block:block_rq_issue,block:block_rq_complete,syscalls:sys_enter_fdatasync,syscalls:sys_exit_fdatasync -- sleep 6 > /dev/null 2>&1 &
PERF=$!
sleep 0.5
ACCOUNTS=$D.acc1 wrk -t1 -c1 -d5s -s "$H/create-record.lua" "$B" | grep Requests
wait "$PERF"
kill "$PID"; wait "$PID" 2>/dev/null
perf script -i "$D.perf" 2>/dev/null > "$D.perf.txt"
python3 "$SCRIPTS/sync-phases.py" "$D.perf.txt"
