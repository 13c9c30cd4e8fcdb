// One import of a repo of a given size, old server to new (both ours): an account with
// `records` posts (about 300 bytes each) on the old server, its export, and importRepo of it
// on the new one after createAccount with the old server's service auth.
// Usage: node import-size.mjs <old base> <new base> <records>
// Prints one JSON line: {records, carBytes, importMs, ok, error?}
import { createRequire } from 'node:module'
const require = createRequire((process.env.BENCH_MODULES ?? '/tmp/pds-bench/mods/node_modules') + '/')
const { AtpAgent } = require('@atproto/api')

const [oldBase, newBase, count] = process.argv.slice(2)
const records = Number(count)
const old = new AtpAgent({ service: oldBase })
const name = 'imp' + Date.now().toString(36)
await old.createAccount({ handle: name + '.test', email: name + '@example.com', password: 'old-pass' })
const did = old.session.did
const text = 'x'.repeat(250)
for (let done = 0; done < records; done += 200) {
  const writes = []
  for (let i = done; i < Math.min(records, done + 200); i++) {
    writes.push({ $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.post',
      value: { $type: 'app.bsky.feed.post', text: `${i} ${text}`, createdAt: new Date().toISOString() } })
  }
  await old.com.atproto.repo.applyWrites({ repo: did, writes })
}
const car = (await old.com.atproto.sync.getRepo({ did })).data
const fresh = new AtpAgent({ service: newBase })
const serverDid = (await fresh.com.atproto.server.describeServer()).data.did
const token = (await old.com.atproto.server.getServiceAuth({ aud: serverDid, lxm: 'com.atproto.server.createAccount' })).data.token
await fresh.com.atproto.server.createAccount({ did, handle: name + '.test', email: name + '@example.com', password: 'new-pass' },
  { headers: { authorization: `Bearer ${token}` }, encoding: 'application/json' })
await fresh.login({ identifier: did, password: 'new-pass' })
const started = Date.now()
try {
  await fresh.com.atproto.repo.importRepo(car, { encoding: 'application/vnd.ipld.car' })
  const status = (await fresh.com.atproto.server.checkAccountStatus()).data
  console.log(JSON.stringify({ records, carBytes: car.length, importMs: Date.now() - started, ok: status.repoRev !== undefined && status.indexedRecords >= records }))
} catch (err) {
  console.log(JSON.stringify({ records, carBytes: car.length, importMs: Date.now() - started, ok: false, error: `${err.status} ${err.error} ${err.message}` }))
}
