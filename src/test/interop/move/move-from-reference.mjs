// An account moves from the reference PDS to ours with @atproto/api, as the official
// migration guide does it: service auth from the old server, createAccount with the DID here,
// importRepo, the missing blobs, the PLC operation signed by the old server (its mail code
// read from its database) and submitted here, then activation here and deactivation there.
// Prints one "ok <step>" line per step; exits non-zero on the first failure.
// Usage: node move-from-reference.mjs REF_URL REF_DATA_DIR OURS_URL
import { createRequire } from 'node:module'
import { AtpAgent, assert, step, accountWithRecords, createOnNewServer, importRepoAndBlobs } from './moving.mjs'
const require = createRequire(process.env.BENCH_MODULES + '/')
const Database = require('better-sqlite3')

const [refUrl, refData, oursUrl] = process.argv.slice(2)
const old = new AtpAgent({ service: refUrl })
const fresh = new AtpAgent({ service: oursUrl })

const account = await accountWithRecords(old, 'mover', 12, 'Mover')
const did = account.did
step('account on the reference with 12 posts and an avatar blob')

await createOnNewServer(old, fresh, account)
let status = (await fresh.com.atproto.server.checkAccountStatus()).data
assert.equal(status.activated, false)
step('createAccount here with the reference\'s service auth; deactivated')

const car = await old.com.atproto.sync.getRepo({ did })
await fresh.com.atproto.repo.importRepo(car.data, { encoding: 'application/vnd.ipld.car' })
status = (await fresh.com.atproto.server.checkAccountStatus()).data
assert.equal(status.indexedRecords, 13)
assert.equal(status.expectedBlobs, 1)
assert.equal(status.importedBlobs, 0)
step('importRepo of the reference\'s export: 13 records, 1 blob expected')

// (imports the same export again, which changes no record, then copies the blobs)
assert.equal(await importRepoAndBlobs(old, fresh, did), 1)
status = (await fresh.com.atproto.server.checkAccountStatus()).data
assert.equal(status.indexedRecords, 13)
assert.equal(status.importedBlobs, 1)
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
