// CAR / repo export interop with the reference implementation (@atproto/repo), run by hand.
// Not part of `mvn verify`: it needs Node and the bench modules.
//
// Setup (once per machine; prints the line to eval):
//   eval "$(bash /work/shared/bench/setup.sh | tail -1)"
// Reference -> us: the reference builds and exports a signed repo, our verifier checks it:
//   node src/test/interop/car-interop.mjs generate /tmp/ref.car 5000
//   java -jar pds-server/target/pds.jar car verify /tmp/ref.car \
//        --did did:plc:interopinteropinterop1 --key <did:key printed by generate>
// Us -> reference: the reference verifies a CAR exported by our RepoExport:
//   node src/test/interop/car-interop.mjs verify /tmp/ours.car <did> <did:key>
//
// The signing key is a fixed K-256 test key, so the did:key is the same on every run.
import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
// the bench modules are CommonJS outside this tree: load them from BENCH_MODULES (set by setup.sh)
const require = createRequire((process.env.BENCH_MODULES ?? '/tmp/pds-bench/mods/node_modules') + '/')
const { Secp256k1Keypair } = require('@atproto/crypto')
const { TID } = require('@atproto/common')
const {
  MemoryBlockstore, Repo, WriteOpAction, getFullRepo, verifyRepoCar, readCarWithRoot, verifyCommitSig, cborToLex,
} = require('@atproto/repo')

const KEY_HEX = '9085d2bef69286a6cbb51623c8fa258629945cd55ca705cc4e66700396894e0c'
const DID = 'did:plc:interopinteropinterop1'
const COLLECTIONS = ['app.bsky.feed.post', 'app.bsky.feed.like', 'app.bsky.graph.follow', 'app.bsky.feed.repost']

async function generate(out, n) {
  const key = await Secp256k1Keypair.import(KEY_HEX)
  const storage = new MemoryBlockstore()
  const writes = []
  const counts = {}
  for (let i = 0; i < n; i++) {
    const collection = COLLECTIONS[i % COLLECTIONS.length]
    counts[collection] = (counts[collection] ?? 0) + 1
    writes.push({
      action: WriteOpAction.Create, collection, rkey: TID.nextStr(),
      record: { $type: collection, text: `record ${i}`, n: i, createdAt: new Date(1700000000000 + i).toISOString() },
    })
  }
  // a first commit with part of the records, then the rest, so the export is a real second state
  let repo = await Repo.create(storage, DID, key, writes.slice(0, Math.floor(n / 2)))
  for (let i = Math.floor(n / 2); i < n; i += 200) {
    repo = await repo.applyWrites(writes.slice(i, i + 200), key)
  }
  const chunks = []
  for await (const c of getFullRepo(storage, repo.cid)) chunks.push(c)
  await writeFile(out, Buffer.concat(chunks))
  console.log(JSON.stringify({ did: DID, didKey: key.did(), rev: repo.commit.rev, commit: repo.cid.toString(),
    data: repo.commit.data.toString(), records: n, collections: counts }))
}

async function verify(file, did, didKey) {
  const bytes = new Uint8Array(await readFile(file))
  const { root, blocks } = await readCarWithRoot(bytes)
  const commit = cborToLex(blocks.get(root))
  if (!(await verifyCommitSig(commit, didKey))) throw new Error('commit signature does not verify')
  const verified = await verifyRepoCar(bytes, did, didKey)
  const counts = {}
  let total = 0
  for (const w of verified.creates) {
    counts[w.collection] = (counts[w.collection] ?? 0) + 1
    total++
  }
  console.log(JSON.stringify({ ok: true, did: commit.did, rev: verified.commit.rev, commit: verified.commit.cid.toString(),
    data: commit.data.toString(), records: total, collections: counts }))
}

const [mode, ...args] = process.argv.slice(2)
if (mode === 'generate') await generate(args[0], Number(args[1] ?? 3000))
else if (mode === 'verify') await verify(args[0], args[1], args[2])
else { console.error('usage: car-interop.mjs generate OUT [N] | verify FILE DID DIDKEY'); process.exit(2) }
