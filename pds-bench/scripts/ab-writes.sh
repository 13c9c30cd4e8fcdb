#!/bin/bash
# Two jars side by side, alternating: starts OLDJAR on 2901 and NEWJAR on 2902 (as ours.sh does),
# 4 accounts each filled with fill-repo.mjs as vs-ref.sh does, 10 s of warm-up each, then ROUNDS
# rounds of write1 and write4 (SECS each) through write-cpu.py, A then B; last, each side's VmHWM and
# how many memtable flushes and compactions its RocksDB LOG records, and (with PDS_MEMORY_LOG_SECONDS
# set) its last "Writes:" line.
# Usage: bash pds-bench/scripts/ab-writes.sh OLDJAR NEWJAR ROUNDS SECS   (from the repository root)
set -uo pipefail
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
eval "$(bash "$H/setup.sh" 2>/dev/null)"
. "$SCRIPTS/ours.sh"
start_embedded $1 2901; PA=$PID; BA=$B; DA=$D
start_embedded $2 2902; PB=$PID; BB=$B; DB=$D
for s in A B; do
  eval "b=\$B$s; d=\$D$s"
  node $H/setup-accounts.mjs $b 4 w$s > $d.acc; head -1 $d.acc > $d.acc1
  node $H/fill-repo.mjs $b $d.acc 1000 2 > /dev/null
done
for s in A B; do eval "b=\$B$s; d=\$D$s"; ACCOUNTS=$d.acc wrk -t4 -c4 -d10s -s $H/create-record.lua $b > /dev/null; ACCOUNTS=$d.acc1 wrk -t1 -c1 -d10s -s $H/create-record.lua $b >/dev/null; done
for r in $(seq 1 $3); do
  for w in 1 4; do
    for s in A B; do
      eval "b=\$B$s; d=\$D$s; p=\$P$s"
      acc=$d.acc; [[ $w == 1 ]] && acc=$d.acc1
      echo "== round $r write$w side $s"; python3 "$SCRIPTS/write-cpu.py" $p ${b##*:} $acc $w $4 | head -12
    done
  done
done
for s in A B; do
  eval "p=\$P$s; d=\$D$s"
  echo "$s $(grep VmHWM /proc/$p/status) flushes=$(grep -c flush_started $d/store/LOG) compactions=$(grep -c compaction_finished $d/store/LOG)"
  # with PDS_MEMORY_LOG_SECONDS set, the last "Writes:" line: the whole run's groups and time per group write
  grep "Writes:" $d.log | tail -1 | sed "s/.*Writes:/$s Writes:/"
  kill $p
done
