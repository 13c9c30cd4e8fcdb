#!/bin/bash
# How large a repo import the new server takes with its default heap: for each record count,
# an account of that many posts on one of our servers moves (importRepo) to another of ours,
# whose PDS_MAX_REPO_IMPORT_SIZE is 256 MB so that only memory can refuse it. Prints each
# import's CAR size, time and outcome, and the new server's peak resident memory (VmHWM).
# Usage: bash pds-bench/scripts/import-size.sh [record counts...]   (from the repository root, after a build)
set -euo pipefail
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
. "$H/lib.sh"
bench_init
counts=(5000 20000 30000)
[[ $# -gt 0 ]] && counts=("$@")
start_plc 2784
export PDS_MAX_REPO_IMPORT_SIZE=268435456
start_ours 2785 http://127.0.0.1:2784
start_ours 2786 http://127.0.0.1:2784
pid=$(ss -ltnpH "sport = :2786" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
grep -h "heap max" /proc/$pid/fd/1 2>/dev/null | head -1 || true
for n in "${counts[@]}"; do
  node "$(dirname "$0")/import-size.mjs" http://127.0.0.1:2785 http://127.0.0.1:2786 "$n"
  grep -E 'VmHWM|VmRSS' /proc/$pid/status | tr -s ' ' | paste -sd' '
done
