// An account moves from our PDS to the reference PDS with @atproto/api, as the official
// migration guide does it: our service auth presented to the reference's createAccount, our
// export imported there, the blob copied, the PLC operation signed by us with the code we
// mail (the test reads our mail and writes the code to this script's stdin after the line
// "need code"), submitted there, then activation there and deactivation here. Prints one
// "ok <step>" line per step; exits non-zero on the first failure.
// Usage: node move-to-reference.mjs OURS_URL REF_URL
import readline from 'node:readline'
import { AtpAgent, assert, step, accountWithRecords, createOnNewServer, importRepoAndBlobs } from './moving.mjs'

const [oursUrl, refUrl] = process.argv.slice(2)
const old = new AtpAgent({ service: oursUrl })
const fresh = new AtpAgent({ service: refUrl })

const account = await accountWithRecords(old, 'leaver', 7, 'Leaver')
const did = account.did
step('account here with 7 posts and an avatar blob')

await createOnNewServer(old, fresh, account)
step('the reference took our service auth for createAccount')

assert.equal(await importRepoAndBlobs(old, fresh, did), 1)
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
