// An account moves from our PDS to the reference PDS with @atproto/api, as the official
// migration guide does it: our service auth presented to the reference's createAccount, our
// export imported there, the blob copied, the PLC operation signed by us with the code we
// mail (the test reads our mail and writes the code to this script's stdin after the line
// "need code"), submitted there, then activation there and deactivation here. Prints one
// "ok <step>" line per step; exits non-zero on the first failure.
// Usage: node move-to-reference.mjs OURS_URL REF_URL
import { createRequire } from 'node:module'
import readline from 'node:readline'
const require = createRequire(process.env.BENCH_MODULES + '/')
const { AtpAgent } = require('@atproto/api')
const assert = require('node:assert/strict')

const [oursUrl, refUrl] = process.argv.slice(2)
const step = (name) => console.log('ok ' + name)
const old = new AtpAgent({ service: oursUrl })
const fresh = new AtpAgent({ service: refUrl })
const name = 'leaver' + Date.now().toString(36)
const handle = name + '.test'

await old.createAccount({ handle, email: name + '@example.com', password: 'old-pass' })
const did = old.session.did
for (let i = 0; i < 7; i++) {
  await old.com.atproto.repo.createRecord({ repo: did, collection: 'app.bsky.feed.post',
    record: { $type: 'app.bsky.feed.post', text: 'post ' + i, createdAt: new Date().toISOString() } })
}
const png = new Uint8Array(1500).map((_, i) => (i * 13) % 251)
png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const up = await old.com.atproto.repo.uploadBlob(png, { encoding: 'image/png' })
await old.com.atproto.repo.putRecord({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self',
  record: { $type: 'app.bsky.actor.profile', displayName: 'Leaver', avatar: up.data.blob } })
step('account here with 7 posts and an avatar blob')

const desc = await fresh.com.atproto.server.describeServer()
const auth = await old.com.atproto.server.getServiceAuth({ aud: desc.data.did, lxm: 'com.atproto.server.createAccount' })
await fresh.com.atproto.server.createAccount({ did, handle, email: name + '@example.com', password: 'new-pass' },
  { headers: { authorization: 'Bearer ' + auth.data.token }, encoding: 'application/json' })
await fresh.login({ identifier: did, password: 'new-pass' })
step('the reference took our service auth for createAccount')

const car = await old.com.atproto.sync.getRepo({ did })
await fresh.com.atproto.repo.importRepo(car.data, { encoding: 'application/vnd.ipld.car' })
const missing = (await fresh.com.atproto.repo.listMissingBlobs({})).data.blobs
assert.equal(missing.length, 1)
const blob = await old.com.atproto.sync.getBlob({ did, cid: missing[0].cid })
await fresh.com.atproto.repo.uploadBlob(blob.data, { encoding: blob.headers['content-type'] })
let status = (await fresh.com.atproto.server.checkAccountStatus()).data
assert.equal(status.indexedRecords, 8)
assert.equal(status.importedBlobs, 1)
step('the reference imported our export and the blob')

await old.com.atproto.identity.requestPlcOperationSignature()
console.log('need code')
const lines = readline.createInterface({ input: process.stdin })
const code = (await lines[Symbol.asyncIterator]().next()).value.trim()
lines.close()
const creds = await fresh.com.atproto.identity.getRecommendedDidCredentials()
const signed = await old.com.atproto.identity.signPlcOperation({ token: code, ...creds.data })
await fresh.com.atproto.identity.submitPlcOperation({ operation: signed.data.operation })
step('we signed the PLC operation with the mailed code; the reference submitted it')

await fresh.com.atproto.server.activateAccount()
await old.com.atproto.server.deactivateAccount({})
status = (await fresh.com.atproto.server.checkAccountStatus()).data
assert.equal(status.activated, true)
assert.equal(status.validDid, true)
const listed = await fresh.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 100 })
assert.equal(listed.data.records.length, 7)
const here = await old.com.atproto.server.checkAccountStatus()
assert.equal(here.data.activated, false)
step('active on the reference with a valid DID; deactivated here')
