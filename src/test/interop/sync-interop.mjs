// Sync reads interop with the reference implementation (@atproto/repo), run by hand (or by
// sync-interop.sh, which starts a PLC directory and our server first). Not part of `mvn verify`.
//
//   node src/test/interop/sync-interop.mjs http://127.0.0.1:2683 http://127.0.0.1:2682
//
// Against our running server it creates an account and records over XRPC, takes the account's
// signing key from the DID document the PLC directory serves, and has @atproto/repo verify:
//   - the full getRepo export (verifyRepoCar: commit signature, DID, MST, every record),
//   - a getRepo?since= export as a diff on top of the earlier full export (verifyDiffCar),
//   - getRecord proofs of presence and of absence (verifyRecords, verifyProofs),
//   - and that a wrong key is refused, so the checks above are not vacuous.
// Prints one line per check and exits non-zero on the first failure.
import { createRequire } from 'node:module'
const MODULES = process.env.BENCH_MODULES ?? '/tmp/pds-bench/mods/node_modules'
const require = createRequire(MODULES + '/')
const { MemoryBlockstore, Repo, readCarWithRoot, verifyRepoCar, verifyDiffCar, verifyRecords, verifyProofs } =
  require('@atproto/repo')
const { CID } = require('multiformats/cid')
const { Secp256k1Keypair } = require('@atproto/crypto')
// ESM: the reference's own reading of a DID document's signing key (Multikey or the older key types)
const { getKey } = await import(`${MODULES}/@atproto/identity/dist/index.js`)

const [pds, plc] = process.argv.slice(2)
if (!pds || !plc) {
  console.error('usage: sync-interop.mjs <pds url> <plc url>')
  process.exit(2)
}
const POST = 'app.bsky.feed.post'

function check(ok, what) {
  if (!ok) {
    console.error(`FAIL ${what}`)
    process.exit(1)
  }
  console.log(`ok   ${what}`)
}

async function xrpc(method, { params, body, token } = {}) {
  const url = new URL(`/xrpc/${method}`, pds)
  for (const [k, v] of Object.entries(params ?? {})) url.searchParams.set(k, v)
  const headers = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body) headers['content-type'] = 'application/json'
  const res = await fetch(url, { method: body ? 'POST' : 'GET', headers, body: body ? JSON.stringify(body) : undefined })
  if (!res.ok) throw new Error(`${method}: ${res.status} ${await res.text()}`)
  const type = res.headers.get('content-type') ?? ''
  return type.startsWith('application/json') ? res.json() : new Uint8Array(await res.arrayBuffer())
}

const name = `sync${Date.now() % 1000000}`
const account = await xrpc('com.atproto.server.createAccount', {
  body: { handle: `${name}.test`, email: `${name}@example.com`, password: 'interop-pass' },
})
const { did, accessJwt: token } = account
console.log(`account ${did}`)

const doc = await (await fetch(new URL(`/${did}`, plc))).json()
const didKey = getKey(doc)
check(typeof didKey === 'string' && didKey.startsWith('did:key:'), `signing key from the PLC directory's document: ${didKey}`)

const created = []
for (let i = 0; i < 60; i++) {
  const r = await xrpc('com.atproto.repo.createRecord', {
    token, body: { repo: did, collection: POST, record: { $type: POST, text: `post ${i}`, createdAt: new Date().toISOString() } },
  })
  created.push(r)
}
await xrpc('com.atproto.repo.deleteRecord', {
  token, body: { repo: did, collection: POST, rkey: created[5].uri.split('/').pop() },
})

// the full export
const full = await xrpc('com.atproto.sync.getRepo', { params: { did } })
const verified = await verifyRepoCar(full, did, didKey)
check(verified.creates.length === 59, `getRepo export verifies against the DID document's key (${verified.creates.length} records, ${full.length} bytes)`)
const readBack = await verifyRecords(full, did, didKey)
check(readBack.length === 59 && readBack.some((r) => r.record.text === 'post 59')
  && !readBack.some((r) => r.record.text === 'post 5'), 'every record reads back, the deleted one is gone')
let wrongKeyRefused = false
try {
  await verifyRepoCar(full, did, (await Secp256k1Keypair.create()).did())
} catch (e) {
  wrongKeyRefused = /signature/i.test(String(e))
}
check(wrongKeyRefused, 'another key is refused (bad signature)')

// since: the later commits' blocks, verified as a diff on top of the earlier export
const before = await readCarWithRoot(full)
const { rev: since } = await xrpc('com.atproto.sync.getLatestCommit', { params: { did } })
for (let i = 0; i < 3; i++) {
  created.push(await xrpc('com.atproto.repo.createRecord', {
    token, body: { repo: did, collection: POST, record: { $type: POST, text: `later ${i}`, createdAt: new Date().toISOString() } },
  }))
}
const diffCar = await xrpc('com.atproto.sync.getRepo', { params: { did, since } })
const earlier = await Repo.load(new MemoryBlockstore(before.blocks), before.root)
const diff = await verifyDiffCar(earlier, diffCar, did, didKey)
check(diff.writes.length === 3 && diff.writes.every((w) => w.action === 'create'),
  `getRepo?since= applies as a diff of ${diff.writes.length} creates (${diffCar.length} bytes)`)

// record proofs
const target = created[42]
const rkey = target.uri.split('/').pop()
const proof = await xrpc('com.atproto.sync.getRecord', { params: { did, collection: POST, rkey } })
const records = await verifyRecords(proof, did, didKey)
check(records.length === 1 && records[0].rkey === rkey && records[0].record.text === 'post 42', 'getRecord proof holds the record')
const present = await verifyProofs(proof, [{ collection: POST, rkey, cid: CID.parse(target.cid) }], did, didKey)
check(present.verified.length === 1, 'the proof proves the record CID')
const absentKey = created[5].uri.split('/').pop()
const absence = await xrpc('com.atproto.sync.getRecord', { params: { did, collection: POST, rkey: absentKey } })
const absent = await verifyProofs(absence, [{ collection: POST, rkey: absentKey, cid: null }], did, didKey)
check(absent.verified.length === 1, 'a deleted record gets a proof of absence')
console.log('all sync interop checks passed')
