#!/usr/bin/env bash
# Starts a PLC directory and our server (pds.jar, built if stale), then runs
# sync-interop.mjs against them (@atproto/repo verifies getRepo, since and getRecord proofs
# with the key from the directory's DID document). Run from the project's root.
set -euo pipefail
. "$(dirname "$0")/../../../../shared/bench/lib.sh" 2>/dev/null || . /work/shared/bench/lib.sh
bench_init
PLC_PORT=${PLC_PORT:-2692}
PDS_PORT=${PDS_PORT:-2693}
start_plc "$PLC_PORT"
build_ours
start_ours "$PDS_PORT" "http://127.0.0.1:$PLC_PORT"
node "$(dirname "$0")/sync-interop.mjs" "http://127.0.0.1:$PDS_PORT" "http://127.0.0.1:$PLC_PORT"
