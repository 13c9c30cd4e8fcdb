#!/bin/bash
# Every side-by-side figure of issues 4-6 in one go, for a quiet machine. Run from the
# repository root with ../shared beside it; writes one log (default /tmp/quiet-run-HHMM.log).
#   bash pds-bench/scripts/quiet-run.sh [log]
# Takes about 8 minutes: vs-ref.sh 5 3, resident memory, firehose fan-out (ours and the
# reference), backfill of 100,000 events, 200 stalled subscribers (both), the OAuth cost.
set -uo pipefail
log=${1:-/tmp/quiet-run-$(date -u +%H%M).log}
eval "$(bash ../shared/bench/setup.sh 2>/dev/null)"
mvn -B -q -o package -DskipTests >/dev/null 2>&1 || mvn -B -q package -DskipTests
{
  echo "== $(date -u +%FT%TZ) main at $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== vs-ref.sh 5 3"; bash ../shared/bench/vs-ref.sh 5 3
  echo "== vs-ref-memory.sh 5"; bash pds-bench/scripts/vs-ref-memory.sh 5
  for side in ours ref; do
    echo "== firehose fanout 500 200 ($side)"; bash src/test/bench/firehose-bench.sh $side fanout 500 200
  done
  echo "== firehose backfill 100000 (ours)"; bash src/test/bench/firehose-bench.sh ours backfill 100000 16
  for side in ours ref; do
    echo "== firehose stalled 200 20 ($side)"; bash src/test/bench/firehose-bench.sh $side stalled 200 20 8
  done
  echo "== OAuthWriteCpu 3000 1 6"; java -cp pds-bench/target/benchmarks.jar dev.pds.bench.oauth.OAuthWriteCpu 3000 1 6
  echo "== done $(date -u +%FT%TZ)"
} 2>&1 | tee "$log"
