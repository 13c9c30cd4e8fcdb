#!/bin/bash
# Resident memory of our PDS and the reference PDS under the vs-ref.sh workloads, side by
# side in one run. Run from the repository root: bash pds-bench/scripts/vs-ref-memory.sh [secs=5]
# Samples VmRSS of each server's process tree once a second while wrk drives it and prints
# the peak and the last sample per side, and the kernel's high-water mark (VmHWM, summed over the
# process tree: the true peak of each process, which one-second samples can miss). The
# reference's process also holds its PLC directory.
set -euo pipefail
. /work/shared/bench/lib.sh 2>/dev/null || . "$(dirname "$0")/../../../shared/bench/lib.sh"
bench_init
secs=${1:-5}
here=$BENCH_DIR
build_ours
start_ref 2783 2782; ref_pid=${BENCH_PIDS[-1]}
start_plc 2784
start_ours 2785 http://127.0.0.1:2784; our_pid=${BENCH_PIDS[-1]}
tmp=$(mktemp -d)
tree_kb() { # field pid: total of a /proc status field (VmRSS, VmHWM) in kB over a pid and its descendants
  local total=0 p
  for p in $2 $(pgrep -P "$2" || true); do
    total=$(( total + $(awk -v f="$1:" '$1 == f {print $2}' /proc/$p/status 2>/dev/null || echo 0) ))
  done
  echo $total
}
rss_tree() { tree_kb VmRSS "$1"; }
hwm_tree() { tree_kb VmHWM "$1"; }
sample() { # name pid: peak RSS while the workloads run, into $tmp/name.peak
  local peak=0 r
  while [[ -e $tmp/running ]]; do
    r=$(rss_tree "$2"); (( r > peak )) && peak=$r
    echo "$peak $r" >"$tmp/$1.rss"; sleep 1
  done
}
for side in ref:2783 ours:2785; do
  name=${side%%:*}; port=${side##*:}
  node "$here/setup-accounts.mjs" "http://127.0.0.1:$port" 4 "m$name" >"$tmp/$name.acc"
  head -1 "$tmp/$name.acc" >"$tmp/$name.acc1"
  node "$here/fill-repo.mjs" "http://127.0.0.1:$port" "$tmp/$name.acc" 1000 2 >/dev/null
done
for side in ref:2783:$ref_pid ours:2785:$our_pid; do
  IFS=: read -r name port pid <<<"$side"
  base=http://127.0.0.1:$port
  did=$(cut -d' ' -f1 "$tmp/$name.acc1")
  touch "$tmp/running"; sample "$name" "$pid" & sampler=$!
  echo "$name idle rss_kb=$(rss_tree "$pid")"
  ACCOUNTS=$tmp/$name.acc1 wrk -t1 -c1 -d${secs}s -s "$here/create-record.lua" "$base" >/dev/null
  ACCOUNTS=$tmp/$name.acc wrk -t4 -c4 -d${secs}s -s "$here/create-record.lua" "$base" >/dev/null
  rk=$(curl -s "$base/xrpc/com.atproto.repo.listRecords?repo=$did&collection=app.bsky.feed.post&limit=1" | sed 's/.*app.bsky.feed.post\/\([a-z0-9]*\)".*/\1/')
  wrk -t2 -c16 -d${secs}s "$base/xrpc/com.atproto.repo.getRecord?repo=$did&collection=app.bsky.feed.post&rkey=$rk" >/dev/null
  wrk -t2 -c16 -d${secs}s "$base/xrpc/com.atproto.repo.listRecords?repo=$did&collection=app.bsky.feed.post&limit=100" >/dev/null
  did2=$(sed -n 2p "$tmp/$name.acc" | cut -d' ' -f1)
  wrk -t1 -c2 -d${secs}s "$base/xrpc/com.atproto.sync.getRepo?did=$did2" >/dev/null
  rm -f "$tmp/running"; wait $sampler
  read -r peak last <"$tmp/$name.rss"
  echo "$name peak_rss_kb=$peak last_rss_kb=$last hwm_kb=$(hwm_tree "$pid")"
done
