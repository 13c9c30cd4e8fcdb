#!/usr/bin/env bash
# Starts a PLC directory and our server (pds.jar, built if stale), then runs
# firehose-interop.mjs against them. Run from the project's root.
set -euo pipefail
. "$(dirname "$0")/../../../../shared/bench/lib.sh" 2>/dev/null || . /work/shared/bench/lib.sh
bench_init
PLC_PORT=${PLC_PORT:-2682}
PDS_PORT=${PDS_PORT:-2683}
start_plc "$PLC_PORT"
build_ours
start_ours "$PDS_PORT" "http://127.0.0.1:$PLC_PORT"
node "$(dirname "$0")/firehose-interop.mjs" "http://127.0.0.1:$PDS_PORT" "http://127.0.0.1:$PLC_PORT"
