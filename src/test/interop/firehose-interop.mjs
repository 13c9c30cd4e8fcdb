// Firehose interop with the reference implementation, run by hand (not part of `mvn verify`:
// it needs Node and the bench modules). Against a running server of ours, with a PLC
// directory the reference's identity resolver can read:
//   bash src/test/interop/firehose-interop.sh            (starts both, then runs this)
//   FirehoseInteropTest runs it against a started server under `mvn verify` when Node is there
//   node src/test/interop/firehose-interop.mjs <pdsBaseUrl> <plcUrl>
//
// It creates an account, then (1) @atproto/sync's Firehose with verification on (each op's
// proof checked against the key in the DID document) must accept every write, and (2) on
// the raw #commit frames, each commit must invert to its prevData with @atproto/repo's MST
// reading nothing but the frame's blocks. Replay from cursor 0 must give the same frames.
import { createRequire } from 'node:module'
const require = createRequire((process.env.BENCH_MODULES ?? '/tmp/pds-bench/mods/node_modules') + '/')
const { Firehose } = require('@atproto/sync')
const { IdResolver } = require('@atproto/identity')
const { MST, MemoryBlockstore, readCarWithRoot } = require('@atproto/repo')
const { Subscription } = await import(require.resolve('@atproto/xrpc-server'))

const [base, plcUrl] = process.argv.slice(2)
if (!base || !plcUrl) {
  console.error('usage: node firehose-interop.mjs <pdsBaseUrl> <plcUrl>')
  process.exit(2)
}
const wsBase = base.replace(/^http/, 'ws')
const failures = []
const fail = (msg) => { failures.push(msg); console.error('FAIL', msg) }

async function xrpc(method, body, jwt) {
  const res = await fetch(`${base}/xrpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) },
    body: JSON.stringify(body),
  })
  const json = await res.json()
  if (!res.ok) throw new Error(`${method} ${res.status} ${JSON.stringify(json)}`)
  return json
}

// --- (1) the reference consumer, verification on, from the start of the log
// the default fetch refuses loopback hosts (SSRF guard); the test directory is on 127.0.0.1
const idResolver = new IdResolver({ plcUrl, fetch: globalThis.fetch })
const verified = []
const firehose = new Firehose({
  service: wsBase,
  idResolver,
  // this version's Subscription reads the option itself as the cursor value
  getCursor: 0,
  unauthenticatedCommits: false,
  unauthenticatedHandles: true,
  handleEvent: async (evt) => { verified.push(evt) },
  onError: (err) => { if (process.env.DEBUG) console.error(err.cause?.stack); fail(`@atproto/sync: ${err.message}: ${err.cause?.message ?? ''}`) },
})
firehose.start()

// --- (2) raw frames, inverted with @atproto/repo's MST
const collectRaw = (cursor, into) => {
  const ac = new AbortController()
  const sub = new Subscription({
    service: wsBase, method: 'com.atproto.sync.subscribeRepos', signal: ac.signal,
    getParams: () => ({ cursor }), validate: (v) => v,
  })
  const done = (async () => {
    try { for await (const m of sub) into.push(m) } catch (e) { if (e?.name !== 'AbortError') fail(`raw: ${e}`) }
  })()
  return { stop: () => { ac.abort(); return done.catch(() => {}) } }
}
const raw = []
const rawSub = collectRaw(0, raw)

async function invert(commit) {
  const car = await readCarWithRoot(commit.blocks)
  if (!car.root.equals(commit.commit)) return fail(`seq ${commit.seq}: CAR root is not the commit`)
  const storage = new MemoryBlockstore(car.blocks)
  let mst = MST.load(storage, (await storage.readRecord(commit.commit)).data)
  for (const op of [...commit.ops].reverse()) {
    const now = await mst.get(op.path)
    if (String(now ?? null) !== String(op.cid ?? null)) return fail(`seq ${commit.seq}: tree holds ${now} at ${op.path}, op says ${op.cid}`)
    if (op.action === 'create') mst = await mst.delete(op.path)
    else if (op.action === 'update') mst = await mst.update(op.path, op.prev)
    else mst = await mst.add(op.path, op.prev)
  }
  if (commit.prevData) {
    const root = await mst.getPointer()
    if (!root.equals(commit.prevData)) return fail(`seq ${commit.seq}: inverted root ${root} is not prevData ${commit.prevData}`)
  }
  return true
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms))
await wait(500)

// --- writes: creates, an update, a delete, a batch
const stamp = Date.now().toString(36)
const acct = await xrpc('com.atproto.server.createAccount', {
  handle: `fh${stamp}.test`, email: `fh${stamp}@example.com`, password: 'interop-pass-123',
})
const repo = acct.did
const jwt = acct.accessJwt
const post = (text) => ({ $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() })
let expectedOps = 0
const uris = []
for (let i = 0; i < 20; i++) {
  const r = await xrpc('com.atproto.repo.createRecord', { repo, collection: 'app.bsky.feed.post', record: post(`post ${i}`) }, jwt)
  uris.push(r.uri)
  expectedOps++
}
const rkey = (uri) => uri.split('/').pop()
await xrpc('com.atproto.repo.putRecord', { repo, collection: 'app.bsky.feed.post', rkey: rkey(uris[3]), record: post('edited') }, jwt)
expectedOps++
await xrpc('com.atproto.repo.deleteRecord', { repo, collection: 'app.bsky.feed.post', rkey: rkey(uris[5]) }, jwt)
expectedOps++
const writes = []
for (let i = 0; i < 10; i++) {
  writes.push({ $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.like', value: { $type: 'app.bsky.feed.like', subject: { uri: uris[0], cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' }, createdAt: new Date().toISOString() } })
}
writes.push({ $type: 'com.atproto.repo.applyWrites#update', collection: 'app.bsky.feed.post', rkey: rkey(uris[7]), value: post('batch edit') })
writes.push({ $type: 'com.atproto.repo.applyWrites#delete', collection: 'app.bsky.feed.post', rkey: rkey(uris[8]) })
await xrpc('com.atproto.repo.applyWrites', { repo, writes }, jwt)
expectedOps += writes.length
// one path written twice and one created then deleted, in one batch: the commit carries the net
// change, one create, which @atproto/sync must verify like any other
const twice = 'app.bsky.feed.post'
await xrpc('com.atproto.repo.applyWrites', { repo, writes: [
  { $type: 'com.atproto.repo.applyWrites#create', collection: twice, rkey: '3kzzzzzzzzzz2', value: post('draft') },
  { $type: 'com.atproto.repo.applyWrites#update', collection: twice, rkey: '3kzzzzzzzzzz2', value: post('final') },
  { $type: 'com.atproto.repo.applyWrites#create', collection: twice, rkey: '3kzzzzzzzzzz3', value: post('brief') },
  { $type: 'com.atproto.repo.applyWrites#delete', collection: twice, rkey: '3kzzzzzzzzzz3' },
] }, jwt)
expectedOps++

// --- wait for delivery, then check
const deadline = Date.now() + 30_000
const mine = () => verified.filter((e) => e.did === repo && ['create', 'update', 'delete'].includes(e.event))
while (mine().length < expectedOps && Date.now() < deadline) await wait(100)
await wait(500)
const ops = mine()
if (ops.length !== expectedOps) fail(`@atproto/sync delivered ${ops.length} verified ops of ${expectedOps}`)
const kinds = {}
for (const e of ops) kinds[e.event] = (kinds[e.event] ?? 0) + 1
for (const e of verified.filter((e) => e.did === repo && !['create', 'update', 'delete'].includes(e.event))) {
  kinds[e.event] = (kinds[e.event] ?? 0) + 1
}

const commits = raw.filter((m) => m.$type === 'com.atproto.sync.subscribeRepos#commit' && m.repo === repo)
let inverted = 0
for (const c of commits) {
  if (await invert(c)) inverted++
}
if (commits.length !== 25) fail(`expected 25 #commit frames for the account (1 first + 20 + put + delete + two batches), saw ${commits.length}`)
const net = commits.at(-1)
if (net.ops.length !== 1 || net.ops[0].action !== 'create' || !net.ops[0].path.endsWith('/3kzzzzzzzzzz2')) fail(`the last batch's ops are not its net change: ${JSON.stringify(net.ops)}`)
for (let i = 1; i < raw.length; i++) {
  if (raw[i].seq !== raw[i - 1].seq + 1) fail(`raw stream: seq ${raw[i].seq} after ${raw[i - 1].seq}`)
}

// replay from a cursor in the middle: same events, same order
const lastSeq = raw[raw.length - 1]?.seq ?? 0
const mid = Math.floor(lastSeq / 2)
const replay = []
const replaySub = collectRaw(mid, replay)
const until = Date.now() + 15_000
while ((replay.at(-1)?.seq ?? 0) < lastSeq && Date.now() < until) await wait(100)
await replaySub.stop()
const expectedReplay = raw.filter((m) => m.seq > mid).map((m) => `${m.seq}:${m.$type}:${m.commit ?? ''}`)
const gotReplay = replay.map((m) => `${m.seq}:${m.$type}:${m.commit ?? ''}`)
if (JSON.stringify(expectedReplay) !== JSON.stringify(gotReplay)) fail(`replay from ${mid} differs`)

await rawSub.stop()
await firehose.destroy()
console.log(JSON.stringify({
  did: repo, verifiedOps: ops.length, expectedOps, eventKinds: kinds, rawFrames: raw.length,
  commitFrames: commits.length, invertedToPrevData: inverted, replayFrom: mid, replayed: replay.length,
  failures: failures.length,
}))
if (!failures.length) console.log('all firehose interop checks passed')
process.exit(failures.length ? 1 : 0)
