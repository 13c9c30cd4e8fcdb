// Sends the same catalogue of requests, most of them bad, to the reference PDS and to ours and
// prints where the answers differ in status or XRPC error name (messages may differ).
// Usage: node diff-errors.mjs <refBase> <oursBase>   (diff-errors.sh starts both servers)
const [refBase, oursBase] = process.argv.slice(2)
const JSONT = 'application/json'
const POST = 'app.bsky.feed.post'
const record = (text) => ({ $type: POST, text, createdAt: new Date().toISOString() })
// both servers run with PDS_ADMIN_PASSWORD=admin-pass (../shared/bench)
const ADMIN = `Basic ${Buffer.from('admin:admin-pass').toString('base64')}`
const ADMIN_WRONG = `Basic ${Buffer.from('admin:wrong').toString('base64')}`

async function account(base, name) {
  const handle = `${name}${Date.now().toString(36)}.test`
  const r = await fetch(`${base}/xrpc/com.atproto.server.createAccount`, {
    method: 'POST', headers: { 'content-type': JSONT },
    body: JSON.stringify({ handle, email: `${handle}@example.com`, password: 'diff-password-123' }),
  })
  const b = await r.json()
  if (!r.ok) throw new Error(`createAccount on ${base}: ${r.status} ${JSON.stringify(b)}`)
  return { did: b.did, handle, jwt: b.accessJwt, refresh: b.refreshJwt }
}

async function call(base, c) {
  const headers = { ...(c.headers ?? {}) }
  if (c.auth) headers.authorization = `Bearer ${c.auth}`
  let body
  if (c.raw !== undefined) { body = c.raw; headers['content-type'] ??= JSONT }
  else if (c.body !== undefined) { body = JSON.stringify(c.body); headers['content-type'] ??= JSONT }
  const r = await fetch(`${base}/xrpc/${c.path}`, { method: c.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body })
  const text = await r.text()
  let error = ''
  try { error = JSON.parse(text).error ?? '' } catch { error = text.length ? '(not JSON)' : '' }
  return { status: r.status, error, text: text.slice(0, 160) }
}

// each case is built per server from that server's accounts and state
const cases = [
  ['createRecord, no auth', (s) => ({ path: 'com.atproto.repo.createRecord', body: { repo: s.a.did, collection: POST, record: record('x') } })],
  ['createRecord, garbage token', (s) => ({ path: 'com.atproto.repo.createRecord', auth: 'not.a.jwt', body: { repo: s.a.did, collection: POST, record: record('x') } })],
  ['createRecord, refresh token as access', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.refresh, body: { repo: s.a.did, collection: POST, record: record('x') } })],
  ['createRecord, malformed JSON', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, raw: '{"repo": ' })],
  ['createRecord, text/plain body', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, raw: JSON.stringify({ repo: s.a.did, collection: POST, record: record('x') }), headers: { 'content-type': 'text/plain' } })],
  ['createRecord, no collection', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, record: record('x') } })],
  ['createRecord, bad collection', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: 'not an nsid', record: record('x') } })],
  ['createRecord, bad rkey', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: POST, rkey: '..', record: record('x') } })],
  ['createRecord, record without $type', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: 'com.example.thing', record: { v: 1 } } })],
  ['createRecord, invalid post', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: POST, record: { $type: POST, text: 5, createdAt: 'x' } } })],
  ['createRecord, $type not the collection', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: 'app.bsky.feed.like', record: record('x') } })],
  ['createRecord, unknown type, validate true', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: 'com.example.thing', validate: true, record: { $type: 'com.example.thing' } } })],
  ['createRecord, someone else\'s repo', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.b.did, collection: POST, record: record('x') } })],
  ['createRecord, unknown repo', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', collection: POST, record: record('x') } })],
  ['createRecord, losing swapCommit', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: POST, swapCommit: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm', record: record('x') } })],
  ['createRecord, existing rkey', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: POST, rkey: s.rkey, record: record('again') } })],
  ['putRecord, losing swapRecord', (s) => ({ path: 'com.atproto.repo.putRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: POST, rkey: s.rkey, swapRecord: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm', record: record('y') } })],
  ['putRecord, no rkey', (s) => ({ path: 'com.atproto.repo.putRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: POST, record: record('y') } })],
  ['deleteRecord, absent record', (s) => ({ path: 'com.atproto.repo.deleteRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: POST, rkey: '3jzzzzzzzzzz2' } })],
  ['deleteRecord, losing swapRecord', (s) => ({ path: 'com.atproto.repo.deleteRecord', auth: s.a.jwt, body: { repo: s.a.did, collection: POST, rkey: s.rkey, swapRecord: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' } })],
  ['applyWrites, 201 writes', (s) => ({ path: 'com.atproto.repo.applyWrites', auth: s.a.jwt, body: { repo: s.a.did, writes: Array.from({ length: 201 }, (_, i) => ({ $type: 'com.atproto.repo.applyWrites#create', collection: POST, value: record(`${i}`) })) } })],
  ['applyWrites, unknown write type', (s) => ({ path: 'com.atproto.repo.applyWrites', auth: s.a.jwt, body: { repo: s.a.did, writes: [{ $type: 'com.atproto.repo.applyWrites#bogus', collection: POST, rkey: 'x' }] } })],
  ['applyWrites, create then delete one rkey', (s) => ({ path: 'com.atproto.repo.applyWrites', auth: s.a.jwt, body: { repo: s.a.did, writes: [
    { $type: 'com.atproto.repo.applyWrites#create', collection: POST, rkey: '3jyyyyyyyyyy2', value: record('brief') },
    { $type: 'com.atproto.repo.applyWrites#delete', collection: POST, rkey: '3jyyyyyyyyyy2' }] } })],
  ['applyWrites, update of absent record', (s) => ({ path: 'com.atproto.repo.applyWrites', auth: s.a.jwt, body: { repo: s.a.did, writes: [{ $type: 'com.atproto.repo.applyWrites#update', collection: POST, rkey: '3jxxxxxxxxxx2', value: record('u') }] } })],
  ['getRecord, absent', (s) => ({ path: `com.atproto.repo.getRecord?repo=${s.a.did}&collection=${POST}&rkey=3jzzzzzzzzzz2` })],
  ['getRecord, unknown repo', (s) => ({ path: `com.atproto.repo.getRecord?repo=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa&collection=${POST}&rkey=x` })],
  ['getRecord, unknown handle', (s) => ({ path: `com.atproto.repo.getRecord?repo=nobody.test&collection=${POST}&rkey=x` })],
  ['getRecord, missing rkey', (s) => ({ path: `com.atproto.repo.getRecord?repo=${s.a.did}&collection=${POST}` })],
  ['getRecord, bad cid param', (s) => ({ path: `com.atproto.repo.getRecord?repo=${s.a.did}&collection=${POST}&rkey=${s.rkey}&cid=nonsense` })],
  ['listRecords, limit 0', (s) => ({ path: `com.atproto.repo.listRecords?repo=${s.a.did}&collection=${POST}&limit=0` })],
  ['listRecords, limit 101', (s) => ({ path: `com.atproto.repo.listRecords?repo=${s.a.did}&collection=${POST}&limit=101` })],
  ['listRecords, limit not a number', (s) => ({ path: `com.atproto.repo.listRecords?repo=${s.a.did}&collection=${POST}&limit=ten` })],
  ['listRecords, reverse not a boolean', (s) => ({ path: `com.atproto.repo.listRecords?repo=${s.a.did}&collection=${POST}&reverse=maybe` })],
  ['listRecords, bad collection', (s) => ({ path: `com.atproto.repo.listRecords?repo=${s.a.did}&collection=nope` })],
  ['describeRepo, unknown', (s) => ({ path: 'com.atproto.repo.describeRepo?repo=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' })],
  ['describeRepo, not a DID or handle', (s) => ({ path: 'com.atproto.repo.describeRepo?repo=%%%' })],
  ['sync.getRepo, unknown', (s) => ({ path: 'com.atproto.sync.getRepo?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' })],
  ['sync.getRepo, bad did', (s) => ({ path: 'com.atproto.sync.getRepo?did=alice' })],
  ['sync.getRecord, absent', (s) => ({ path: `com.atproto.sync.getRecord?did=${s.a.did}&collection=${POST}&rkey=3jzzzzzzzzzz2` })],
  ['sync.getBlocks, absent cid', (s) => ({ path: `com.atproto.sync.getBlocks?did=${s.a.did}&cids=bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm` })],
  ['sync.getBlocks, bad cid', (s) => ({ path: `com.atproto.sync.getBlocks?did=${s.a.did}&cids=nonsense` })],
  ['sync.getLatestCommit, unknown', (s) => ({ path: 'com.atproto.sync.getLatestCommit?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' })],
  ['sync.getHead (deprecated), unknown', (s) => ({ path: 'com.atproto.sync.getHead?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' })],
  ['sync.getHead (deprecated), bad did', (s) => ({ path: 'com.atproto.sync.getHead?did=alice' })],
  ['sync.getCheckout (deprecated), unknown', (s) => ({ path: 'com.atproto.sync.getCheckout?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' })],
  ['sync.getRepoStatus, unknown', (s) => ({ path: 'com.atproto.sync.getRepoStatus?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' })],
  ['sync.getBlob, absent', (s) => ({ path: `com.atproto.sync.getBlob?did=${s.a.did}&cid=bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hq` })],
  ['sync.listRepos, limit 2000', (s) => ({ path: 'com.atproto.sync.listRepos?limit=2000' })],
  ['sync.listBlobs, unknown', (s) => ({ path: 'com.atproto.sync.listBlobs?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' })],
  ['resolveHandle, unknown', (s) => ({ path: 'com.atproto.identity.resolveHandle?handle=nobody.test' })],
  ['resolveHandle, invalid', (s) => ({ path: 'com.atproto.identity.resolveHandle?handle=no%20way' })],
  ['createSession, wrong password', (s) => ({ path: 'com.atproto.server.createSession', body: { identifier: s.a.handle, password: 'wrong-password' } })],
  ['createSession, unknown account', (s) => ({ path: 'com.atproto.server.createSession', body: { identifier: 'nobody.test', password: 'wrong-password' } })],
  ['createSession, no password', (s) => ({ path: 'com.atproto.server.createSession', body: { identifier: s.a.handle } })],
  ['createAccount, handle taken', (s) => ({ path: 'com.atproto.server.createAccount', body: { handle: s.a.handle, email: 'x@example.com', password: 'diff-password-123' } })],
  ['createAccount, handle taken in other case', (s) => ({ path: 'com.atproto.server.createAccount', body: { handle: s.a.handle.toUpperCase(), email: 'y@example.com', password: 'diff-password-123' } })],
  ['createAccount, invalid handle', (s) => ({ path: 'com.atproto.server.createAccount', body: { handle: 'bad_handle.test', email: 'z@example.com', password: 'diff-password-123' } })],
  ['createAccount, wrong domain', (s) => ({ path: 'com.atproto.server.createAccount', body: { handle: `x${Date.now().toString(36)}.example.com`, email: 'w@example.com', password: 'diff-password-123' } })],
  ['createAccount, email taken', (s) => ({ path: 'com.atproto.server.createAccount', body: { handle: `e${Date.now().toString(36)}.test`, email: `${s.a.handle}@example.com`, password: 'diff-password-123' } })],
  ['createAccount, bad email', (s) => ({ path: 'com.atproto.server.createAccount', body: { handle: `f${Date.now().toString(36)}.test`, email: 'not-an-email', password: 'diff-password-123' } })],
  ['refreshSession, access token', (s) => ({ path: 'com.atproto.server.refreshSession', auth: s.a.jwt, method: 'POST' })],
  ['refreshSession, no token', (s) => ({ path: 'com.atproto.server.refreshSession', method: 'POST' })],
  ['getSession, refresh token', (s) => ({ path: 'com.atproto.server.getSession', auth: s.a.refresh })],
  ['getSession, no token', (s) => ({ path: 'com.atproto.server.getSession' })],
  ['createAppPassword, bad name', (s) => ({ path: 'com.atproto.server.createAppPassword', auth: s.a.jwt, body: {} })],
  ['revokeAppPassword, absent', (s) => ({ path: 'com.atproto.server.revokeAppPassword', auth: s.a.jwt, body: { name: 'never made' } })],
  ['uploadBlob, the account\'s service JWT for it', (s) => ({ path: 'com.atproto.repo.uploadBlob', auth: s.svcUpload, raw: 'abc', headers: { 'content-type': 'text/plain' } })],
  ['uploadBlob, a service JWT for createRecord', (s) => ({ path: 'com.atproto.repo.uploadBlob', auth: s.svcCreate, raw: 'abc', headers: { 'content-type': 'text/plain' } })],
  ['createRecord, the account\'s service JWT for it', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.svcCreate, body: { repo: s.a.did, collection: POST, record: record('x') } })],
  ['uploadBlob, no auth', (s) => ({ path: 'com.atproto.repo.uploadBlob', raw: 'abc', headers: { 'content-type': 'image/png' } })],
  ['getPreferences, no auth', (s) => ({ path: 'app.bsky.actor.getPreferences' })],
  ['putPreferences, no preferences', (s) => ({ path: 'app.bsky.actor.putPreferences', auth: s.a.jwt, body: {} })],
  ['putPreferences, preference without $type', (s) => ({ path: 'app.bsky.actor.putPreferences', auth: s.a.jwt, body: { preferences: [{ x: 1 }] } })],
  ['unknown method', (s) => ({ path: 'com.example.nothing.here' })],
  ['query by POST', (s) => ({ path: 'com.atproto.server.describeServer', method: 'POST', body: {} })],
  ['procedure by GET', (s) => ({ path: 'com.atproto.repo.createRecord', auth: s.a.jwt })],
  ['not an NSID', (s) => ({ path: 'nonsense' })],
  ['checkAccountStatus, no auth', (s) => ({ path: 'com.atproto.server.checkAccountStatus' })],
  ['getAccountInviteCodes, no auth', (s) => ({ path: 'com.atproto.server.getAccountInviteCodes' })],
  ['updateHandle, invalid', (s) => ({ path: 'com.atproto.identity.updateHandle', auth: s.a.jwt, body: { handle: 'bad_handle' } })],
  ['updateHandle, taken', (s) => ({ path: 'com.atproto.identity.updateHandle', auth: s.a.jwt, body: { handle: s.b.handle } })],
  ['getServiceAuth, no auth', (s) => ({ path: 'com.atproto.server.getServiceAuth?aud=did:web:video.example.com' })],
  ['getServiceAuth, refresh token', (s) => ({ path: 'com.atproto.server.getServiceAuth?aud=did:web:video.example.com', auth: s.a.refresh })],
  ['getServiceAuth, no aud', (s) => ({ path: 'com.atproto.server.getServiceAuth', auth: s.a.jwt })],
  ['getServiceAuth, aud not a DID', (s) => ({ path: 'com.atproto.server.getServiceAuth?aud=video.example.com', auth: s.a.jwt })],
  ['getServiceAuth, did:web with a path', (s) => ({ path: 'com.atproto.server.getServiceAuth?aud=did:web:example.com:u:1', auth: s.a.jwt })],
  ['getServiceAuth, exp in the past', (s) => ({ path: `com.atproto.server.getServiceAuth?aud=did:web:video.example.com&lxm=com.atproto.repo.uploadBlob&exp=${Math.floor(Date.now() / 1000) - 10}`, auth: s.a.jwt })],
  ['getServiceAuth, exp in two hours', (s) => ({ path: `com.atproto.server.getServiceAuth?aud=did:web:video.example.com&lxm=com.atproto.repo.uploadBlob&exp=${Math.floor(Date.now() / 1000) + 7200}`, auth: s.a.jwt })],
  ['getServiceAuth, methodless for five minutes', (s) => ({ path: `com.atproto.server.getServiceAuth?aud=did:web:video.example.com&exp=${Math.floor(Date.now() / 1000) + 300}`, auth: s.a.jwt })],
  ['getServiceAuth, protected method', (s) => ({ path: 'com.atproto.server.getServiceAuth?aud=did:web:video.example.com&lxm=com.atproto.server.getSession', auth: s.a.jwt })],
  ['getServiceAuth, lxm not an NSID', (s) => ({ path: 'com.atproto.server.getServiceAuth?aud=did:web:video.example.com&lxm=nope', auth: s.a.jwt })],
  ['admin.getAccountInfo, no auth', (s) => ({ path: `com.atproto.admin.getAccountInfo?did=${s.a.did}` })],
  ['admin.getAccountInfo, wrong password', (s) => ({ path: `com.atproto.admin.getAccountInfo?did=${s.a.did}`, headers: { authorization: ADMIN_WRONG } })],
  ['admin.getAccountInfo, user token', (s) => ({ path: `com.atproto.admin.getAccountInfo?did=${s.a.did}`, auth: s.a.jwt })],
  ['admin.getAccountInfo, unknown', (s) => ({ path: 'com.atproto.admin.getAccountInfo?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', headers: { authorization: ADMIN } })],
  ['admin.updateAccountPassword, no auth', (s) => ({ path: 'com.atproto.admin.updateAccountPassword', body: { did: s.a.did, password: 'x' } })],
  ['admin.updateAccountPassword, no password', (s) => ({ path: 'com.atproto.admin.updateAccountPassword', body: { did: s.a.did }, headers: { authorization: ADMIN } })],
  ['admin.updateSubjectStatus, no auth', (s) => ({ path: 'com.atproto.admin.updateSubjectStatus', body: { subject: { $type: 'com.atproto.admin.defs#repoRef', did: s.a.did }, takedown: { applied: true } } })],
  ['admin.updateSubjectStatus, takedown and activate', (s) => ({ path: 'com.atproto.admin.updateSubjectStatus', headers: { authorization: ADMIN }, body: { subject: { $type: 'com.atproto.admin.defs#repoRef', did: s.a.did }, takedown: { applied: true }, deactivated: { applied: false } } })],
  ['admin.updateSubjectStatus, no subject', (s) => ({ path: 'com.atproto.admin.updateSubjectStatus', headers: { authorization: ADMIN }, body: { takedown: { applied: true } } })],
  ['admin.getSubjectStatus, unknown account', (s) => ({ path: 'com.atproto.admin.getSubjectStatus?did=did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', headers: { authorization: ADMIN } })],
  ['admin.getSubjectStatus, no subject', (s) => ({ path: 'com.atproto.admin.getSubjectStatus', headers: { authorization: ADMIN } })],
  ['createAccount with a DID, no auth', (s) => ({ path: 'com.atproto.server.createAccount', body: { did: s.a.did, handle: `mv${Date.now().toString(36)}.test`, email: `mv${Date.now()}@example.com`, password: 'diff-password-123' } })],
  ['createAccount with a DID, access token as service auth', (s) => ({ path: 'com.atproto.server.createAccount', auth: s.a.jwt, body: { did: s.a.did, handle: `mv${Date.now().toString(36)}.test`, email: `mv${Date.now()}@example.com`, password: 'diff-password-123' } })],
  ['createAccount with a DID, garbage service auth', (s) => ({ path: 'com.atproto.server.createAccount', auth: 'a.b.c', body: { did: s.a.did, handle: `mv${Date.now().toString(36)}.test`, email: `mv${Date.now()}@example.com`, password: 'diff-password-123' } })],
  ['importRepo, no auth', (s) => ({ path: 'com.atproto.repo.importRepo', raw: 'x', headers: { 'content-type': 'application/vnd.ipld.car' } })],
  ['importRepo, not a CAR', (s) => ({ path: 'com.atproto.repo.importRepo', auth: s.a.jwt, raw: 'not a car', headers: { 'content-type': 'application/vnd.ipld.car' } })],
  ['getRecommendedDidCredentials, no auth', (s) => ({ path: 'com.atproto.identity.getRecommendedDidCredentials' })],
  ['submitPlcOperation, no operation', (s) => ({ path: 'com.atproto.identity.submitPlcOperation', auth: s.a.jwt, body: {} })],
  ['submitPlcOperation, not an operation', (s) => ({ path: 'com.atproto.identity.submitPlcOperation', auth: s.a.jwt, body: { operation: { type: 'nope' } } })],
  ['submitPlcOperation, without our rotation key', (s) => ({ path: 'com.atproto.identity.submitPlcOperation', auth: s.a.jwt, body: { operation: { type: 'plc_operation', rotationKeys: ['did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'], verificationMethods: {}, alsoKnownAs: [], services: {}, prev: null, sig: 'x' } } })],
  ['requestPasswordReset, unknown address', (s) => ({ path: 'com.atproto.server.requestPasswordReset', body: { email: 'nobody-here@example.com' } })],
  ['resetPassword, wrong code', (s) => ({ path: 'com.atproto.server.resetPassword', body: { token: 'AAAAA-BBBBB', password: 'new-password-123' } })],
  ['deleteAccount, wrong password', (s) => ({ path: 'com.atproto.server.deleteAccount', body: { did: s.a.did, password: 'wrong', token: 'AAAAA-BBBBB' } })],
  ['deleteAccount, wrong code', (s) => ({ path: 'com.atproto.server.deleteAccount', body: { did: s.a.did, password: 'diff-password-123', token: 'AAAAA-BBBBB' } })],
  ['deleteAccount, unknown account', (s) => ({ path: 'com.atproto.server.deleteAccount', body: { did: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', password: 'x', token: 'AAAAA-BBBBB' } })],
  ['signPlcOperation, no code', (s) => ({ path: 'com.atproto.identity.signPlcOperation', auth: s.a.jwt, body: {} })],
  ['signPlcOperation, wrong code', (s) => ({ path: 'com.atproto.identity.signPlcOperation', auth: s.a.jwt, body: { token: 'AAAAA-BBBBB' } })],
  ['requestAccountDelete, no auth', (s) => ({ path: 'com.atproto.server.requestAccountDelete', method: 'POST' })],
  ['admin.getInviteCodes, no auth', (s) => ({ path: 'com.atproto.admin.getInviteCodes' })],
  ['admin.getInviteCodes, unknown sort', (s) => ({ path: 'com.atproto.admin.getInviteCodes?sort=oldest', headers: { authorization: ADMIN } })],
  ['admin.disableInviteCodes, the admin\'s codes', (s) => ({ path: 'com.atproto.admin.disableInviteCodes', headers: { authorization: ADMIN }, body: { accounts: ['admin'] } })],
  ['admin.disableAccountInvites, no account', (s) => ({ path: 'com.atproto.admin.disableAccountInvites', headers: { authorization: ADMIN }, body: {} })],
  ['admin.sendEmail, unknown recipient', (s) => ({ path: 'com.atproto.admin.sendEmail', headers: { authorization: ADMIN }, body: { recipientDid: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', senderDid: s.a.did, content: 'x' } })],
  ['admin.sendEmail, no content', (s) => ({ path: 'com.atproto.admin.sendEmail', headers: { authorization: ADMIN }, body: { recipientDid: s.a.did, senderDid: s.a.did } })],
  // last, as they take down the record the cases above use
  ['admin.updateSubjectStatus, unknown subject type', (s) => ({ path: 'com.atproto.admin.updateSubjectStatus', headers: { authorization: ADMIN }, body: { subject: { $type: 'com.example.defs#thing', did: s.a.did }, takedown: { applied: true } } })],
  ['admin.getSubjectStatus, blob without did', (s) => ({ path: 'com.atproto.admin.getSubjectStatus?blob=bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy', headers: { authorization: ADMIN } })],
  ['admin.getSubjectStatus, blob not there', (s) => ({ path: `com.atproto.admin.getSubjectStatus?did=${s.a.did}&blob=bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy`, headers: { authorization: ADMIN } })],
  ['admin.getSubjectStatus, record not there', (s) => ({ path: `com.atproto.admin.getSubjectStatus?uri=at://${s.a.did}/${POST}/3jzzzzzzzzzz2`, headers: { authorization: ADMIN } })],
  ['admin.updateSubjectStatus, take a record down', (s) => ({ path: 'com.atproto.admin.updateSubjectStatus', headers: { authorization: ADMIN }, body: { subject: { $type: 'com.atproto.repo.strongRef', uri: `at://${s.a.did}/${POST}/${s.rkey}`, cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' }, takedown: { applied: true, ref: 'diff-1' } } })],
  ['getRecord, taken down', (s) => ({ path: `com.atproto.repo.getRecord?repo=${s.a.did}&collection=${POST}&rkey=${s.rkey}` })],
  ['admin.getSubjectStatus, record taken down', (s) => ({ path: `com.atproto.admin.getSubjectStatus?uri=at://${s.a.did}/${POST}/${s.rkey}`, headers: { authorization: ADMIN } })],
  ['admin.updateSubjectStatus, lift the record takedown', (s) => ({ path: 'com.atproto.admin.updateSubjectStatus', headers: { authorization: ADMIN }, body: { subject: { $type: 'com.atproto.repo.strongRef', uri: `at://${s.a.did}/${POST}/${s.rkey}`, cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' }, takedown: { applied: false } } })],
  ['getRecord, takedown lifted', (s) => ({ path: `com.atproto.repo.getRecord?repo=${s.a.did}&collection=${POST}&rkey=${s.rkey}` })],
]

const sides = {}
for (const [name, base] of [['ref', refBase], ['ours', oursBase]]) {
  const a = await account(base, 'da'); const b = await account(base, 'db')
  const made = await call(base, { path: 'com.atproto.repo.createRecord', auth: a.jwt, body: { repo: a.did, collection: POST, record: record('first') } })
  const rkey = JSON.parse(made.text.length < 160 ? made.text : (await (await fetch(`${base}/xrpc/com.atproto.repo.listRecords?repo=${a.did}&collection=${POST}`)).text())).uri?.split('/').pop()
    ?? JSON.parse(await (await fetch(`${base}/xrpc/com.atproto.repo.listRecords?repo=${a.did}&collection=${POST}`)).text()).records[0].uri.split('/').pop()
  // the account's own service JWTs for this server (what a video service uploads with)
  const serverDid = (await (await fetch(`${base}/xrpc/com.atproto.server.describeServer`)).json()).did
  const svc = async (lxm) => (await (await fetch(`${base}/xrpc/com.atproto.server.getServiceAuth?aud=${serverDid}&lxm=${lxm}`,
    { headers: { authorization: `Bearer ${a.jwt}` } })).json()).token
  const svcUpload = await svc('com.atproto.repo.uploadBlob')
  const svcCreate = await svc('com.atproto.repo.createRecord')
  sides[name] = { base, state: { a, b, rkey, svcUpload, svcCreate } }
}
let differ = 0
for (const [name, build] of cases) {
  const r = await call(sides.ref.base, build(sides.ref.state))
  const o = await call(sides.ours.base, build(sides.ours.state))
  const same = r.status === o.status && r.error === o.error
  if (!same) differ++
  console.log(`${same ? 'same' : 'DIFF'} | ${name} | ref ${r.status} ${r.error} | ours ${o.status} ${o.error}${same ? '' : `\n       ref:  ${r.text}\n       ours: ${o.text}`}`)
}
console.log(`${cases.length} cases, ${differ} differ`)
