// An account moves from the reference PDS to ours with @atproto/api, as the official
// migration guide does it: service auth from the old server, createAccount with the DID here,
// importRepo, the missing blobs, the PLC operation signed by the old server
// (its email token read from its database; preferences are left out: the reference keeps
// them only with an app view configured) and submitted here, then activation here and
// deactivation there. Prints one "ok <step>" line per step; exits non-zero on the first failure.
// Usage: node move-from-reference.mjs REF_URL REF_DATA_DIR OURS_URL
import { createRequire } from 'node:module'
const require = createRequire(process.env.BENCH_MODULES + '/')
const { AtpAgent } = require('@atproto/api')
const Database = require('better-sqlite3')
const assert = require('node:assert/strict')

const [refUrl, refData, oursUrl] = process.argv.slice(2)
const step = (name) => console.log('ok ' + name)
const old = new AtpAgent({ service: refUrl })
const fresh = new AtpAgent({ service: oursUrl })
const name = 'mover' + Date.now().toString(36)
const handle = name + '.test'

await old.createAccount({ handle, email: name + '@example.com', password: 'old-pass' })
const did = old.session.did
for (let i = 0; i < 12; i++) {
  await old.com.atproto.repo.createRecord({ repo: did, collection: 'app.bsky.feed.post',
    record: { $type: 'app.bsky.feed.post', text: 'post ' + i, createdAt: new Date().toISOString() } })
}
const png = new Uint8Array(2000).map((_, i) => (i * 7) % 251)
png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const up = await old.com.atproto.repo.uploadBlob(png, { encoding: 'image/png' })
await old.com.atproto.repo.putRecord({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self',
  record: { $type: 'app.bsky.actor.profile', displayName: 'Mover', avatar: up.data.blob } })
step('account on the reference with 12 posts and an avatar blob')

const desc = await fresh.com.atproto.server.describeServer()
const auth = await old.com.atproto.server.getServiceAuth({ aud: desc.data.did, lxm: 'com.atproto.server.createAccount' })
await fresh.com.atproto.server.createAccount({ did, handle, email: name + '@example.com', password: 'new-pass' },
  { headers: { authorization: 'Bearer ' + auth.data.token }, encoding: 'application/json' })
await fresh.login({ identifier: did, password: 'new-pass' })
let status = (await fresh.com.atproto.server.checkAccountStatus()).data
assert.equal(status.activated, false)
step('createAccount here with the reference\'s service auth; deactivated')

const car = await old.com.atproto.sync.getRepo({ did })
await fresh.com.atproto.repo.importRepo(car.data, { encoding: 'application/vnd.ipld.car' })
status = (await fresh.com.atproto.server.checkAccountStatus()).data
assert.equal(status.indexedRecords, 13)
assert.equal(status.expectedBlobs, 1)
step('importRepo of the reference\'s export: 13 records, 1 blob expected')

const missing = (await fresh.com.atproto.repo.listMissingBlobs({})).data.blobs
assert.equal(missing.length, 1)
for (const b of missing) {
  const blob = await old.com.atproto.sync.getBlob({ did, cid: b.cid })
  await fresh.com.atproto.repo.uploadBlob(blob.data, { encoding: blob.headers['content-type'] })
}
assert.equal((await fresh.com.atproto.repo.listMissingBlobs({})).data.blobs.length, 0)
step('missing blobs listed and uploaded')

await old.com.atproto.identity.requestPlcOperationSignature()
const db = new Database(refData + '/account.sqlite', { readonly: true })
const row = db.prepare("select token from email_token where did = ? and purpose = 'plc_operation'").get(did)
db.close()
const creds = await fresh.com.atproto.identity.getRecommendedDidCredentials()
const signed = await old.com.atproto.identity.signPlcOperation({ token: row.token, ...creds.data })
await fresh.com.atproto.identity.submitPlcOperation({ operation: signed.data.operation })
step('PLC operation signed by the reference, submitted here')

await fresh.com.atproto.server.activateAccount()
await old.com.atproto.server.deactivateAccount({})
status = (await fresh.com.atproto.server.checkAccountStatus()).data
assert.equal(status.activated, true)
assert.equal(status.validDid, true)
const posted = await fresh.com.atproto.repo.createRecord({ repo: did, collection: 'app.bsky.feed.post',
  record: { $type: 'app.bsky.feed.post', text: 'moved', createdAt: new Date().toISOString() } })
assert.ok(posted.data.uri.startsWith('at://' + did))
const listed = await fresh.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 100 })
assert.equal(listed.data.records.length, 13)
const profile = await fresh.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self' })
assert.equal(profile.data.value.displayName, 'Mover')
step('activated here (valid DID), deactivated there; writes and reads here')
