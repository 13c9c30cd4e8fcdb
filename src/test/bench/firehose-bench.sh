#!/usr/bin/env bash
# Firehose figures for docs/BENCHMARKS.md, one server at a time on loopback. Run from the
# project's root (pds.jar built):
#   bash src/test/bench/firehose-bench.sh ours|ref fanout <subscribers> <writes>        (shared script: writes one at a time)
#   bash src/test/bench/firehose-bench.sh ours|ref fanout-load <subscribers> <writes> [writers]
#   bash src/test/bench/firehose-bench.sh ours|ref backfill <events> [in-flight writes]
#   bash src/test/bench/firehose-bench.sh ours|ref stalled <subscribers that never read> <seconds of writes> [in-flight writes]
set -euo pipefail
. /work/shared/bench/lib.sh
bench_init
which=$1 kind=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
if [[ $which == ours ]]; then
  start_plc 2682
  build_ours
  start_ours 2683 http://127.0.0.1:2682
  BASE=http://127.0.0.1:2683
else
  start_ref 2583 2582
  # the reference's own process is node's child of refpds-start.mjs: same PID
  BASE=http://127.0.0.1:2583
fi
ACC=$(mktemp)
node /work/shared/bench/setup-accounts.mjs "$BASE" 4 fh >"$ACC"
echo "# $which $kind $* ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
pid=${BENCH_PIDS[-1]}
if [[ $kind == stalled ]]; then
  node "$HERE/firehose-stalled.mjs" "$BASE" "$ACC" "$pid" "$@"
elif [[ $kind == fanout ]]; then
  node /work/shared/bench/firehose-fanout.mjs "$BASE" "$ACC" "$@"
elif [[ $kind == fanout-load ]]; then
  node "$HERE/firehose-fanout-load.mjs" "$BASE" "$ACC" "$@"
else
  node "$HERE/firehose-backfill.mjs" "$BASE" "$ACC" "$@"
fi
echo "# server rss_mb=$(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 ))"
