#!/bin/bash
# Proxied reads side by side: the reference PDS and ours, both with a stand-in app view
# (proxy-appview.mjs) as PDS_BSKY_APP_VIEW_URL, serve app.bsky.feed.getTimeline through wrk for one
# account that has posted: first with the app view caught up (its rev is the account's head, so
# the answer passes through), then with it behind (its rev is from before the last three posts,
# so each answer gets them put in: read-after-write). After a warm-up of each in both modes,
# alternating, ROUNDS rounds of SECS seconds.
# Usage: bash pds-bench/scripts/proxy-reads.sh [secs=5] [rounds=3]   (from the repository root, after a build)
set -uo pipefail
H=$(cd "$(dirname "$0")/../../../shared/bench" 2>/dev/null && pwd || echo /work/shared/bench)
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SCRIPTS/../.." && pwd)
eval "$(bash "$H/setup.sh" 2>/dev/null)"
. "$SCRIPTS/ours.sh"
secs=${1:-5}; rounds=${2:-3}
node "$SCRIPTS/proxy-appview.mjs" 2930 & AV=$!
export PDS_BSKY_APP_VIEW_URL=http://127.0.0.1:2930 PDS_BSKY_APP_VIEW_DID=did:web:appview.test
RD=$(mktemp -d)
BENCH_MODULES=$BENCH_MODULES node "$ROOT/src/test/interop/move/reference-start.mjs" $RD 2931 2932 > $RD.log 2>&1 & RP=$!
start_embedded "$ROOT/pds-server/target/pds.jar" 2933; OP=$PID
for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:2931/xrpc/com.atproto.server.describeServer && break; sleep 0.5; done
post() { # base did token text -> the commit's rev
  curl -s -X POST "$1/xrpc/com.atproto.repo.createRecord" -H "authorization: Bearer $3" -H 'content-type: application/json' \
    -d "{\"repo\":\"$2\",\"collection\":\"app.bsky.feed.post\",\"record\":{\"\$type\":\"app.bsky.feed.post\",\"text\":\"$4\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"}}" \
    | sed 's/.*"rev":"\([a-z0-9]*\)".*/\1/'
}
declare -A DID TOKEN OLD NEW
for side in ref:2931 ours:2933; do
  name=${side%%:*}; base=http://127.0.0.1:${side##*:}
  read -r d t < <(node "$H/setup-accounts.mjs" "$base" 1 "p$name")
  DID[$name]=$d; TOKEN[$name]=$t
  OLD[$name]=$(post "$base" "$d" "$t" "seen by the app view")
  for i in 1 2 3; do NEW[$name]=$(post "$base" "$d" "$t" "not yet seen $i"); done
done
rps() { awk '/Requests\/sec/ {print $2}'; }
# a warm-up of each, both modes, not counted
for side in ref:2931 ours:2933; do
  name=${side%%:*}; base=http://127.0.0.1:${side##*:}
  for rev in ${NEW[$name]} ${OLD[$name]}; do
    curl -s -X POST http://127.0.0.1:2930/rev -d "{\"did\":\"${DID[$name]}\",\"rev\":\"$rev\"}" > /dev/null
    wrk -t2 -c8 -d${secs}s -H "authorization: Bearer ${TOKEN[$name]}" "$base/xrpc/app.bsky.feed.getTimeline" > /dev/null
  done
done
for mode in caught-up behind; do
  for r in $(seq 1 "$rounds"); do
    line="$mode"
    for side in ref:2931 ours:2933; do
      name=${side%%:*}; base=http://127.0.0.1:${side##*:}
      rev=${NEW[$name]}; [[ $mode == behind ]] && rev=${OLD[$name]}
      curl -s -X POST http://127.0.0.1:2930/rev -d "{\"did\":\"${DID[$name]}\",\"rev\":\"$rev\"}" > /dev/null
      n=$(curl -s "$base/xrpc/app.bsky.feed.getTimeline" -H "authorization: Bearer ${TOKEN[$name]}" | grep -o '"uri"' | wc -l)
      line="$line $name=$(wrk -t2 -c8 -d${secs}s -H "authorization: Bearer ${TOKEN[$name]}" "$base/xrpc/app.bsky.feed.getTimeline" | rps) ($n posts)"
    done
    echo "$line"
  done
done
kill $AV $RP $OP 2>/dev/null
wait $OP 2>/dev/null
