#!/bin/bash
# Starts the reference PDS (with its PLC directory) and ours (from pds-server/target/pds.jar,
# with a PLC directory of the reference's code), then runs diff-errors.mjs against both.
# Usage: bash pds-bench/scripts/diff-errors.sh   (from the repository root, after a build)
set -euo pipefail
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
. "$H/lib.sh"
bench_init
start_ref 2783 2782
start_plc 2784
start_ours 2785 http://127.0.0.1:2784
node "$(dirname "$0")/diff-errors.mjs" http://127.0.0.1:2783 http://127.0.0.1:2785
