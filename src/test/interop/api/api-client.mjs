// Drives a PDS with the official client (@atproto/api's AtpAgent), unchanged, through what an
// app does: sign up, log in, write and read records, blobs, app passwords, preferences,
// service auth, session refresh and logout. Usage: node api-client.mjs <pds base url> <handle suffix>
// Prints one JSON line per step ({step, ok, error?}) and exits 1 if any step failed.
import { createRequire } from 'node:module'
import { check, expectError, finish, step } from './steps.mjs'

const require = createRequire((process.env.BENCH_MODULES ?? '/tmp/pds-bench/mods/node_modules') + '/')
const { AtpAgent, RichText } = require('@atproto/api')
const { TID } = require('@atproto/common')
const { verifyJwt } = require('@atproto/xrpc-server')

const base = process.argv[2]
const name = process.argv[3] ?? `u${Date.now() % 1000000}`
const handle = `${name}.test`
const password = `${name}-password`

const agent = new AtpAgent({ service: base })
let did
let postRef

await step('describeServer', async () => {
  const res = await agent.com.atproto.server.describeServer()
  check(res.data.availableUserDomains.includes('.test'), 'available domains: ' + JSON.stringify(res.data))
})

await step('createAccount', async () => {
  const res = await agent.createAccount({ handle, email: `${name}@example.com`, password })
  did = res.data.did
  check(did.startsWith('did:plc:'), 'did: ' + did)
  check(agent.session?.handle === handle, 'session handle')
})

await step('login and getSession', async () => {
  const other = new AtpAgent({ service: base })
  await other.login({ identifier: handle, password })
  const me = await other.com.atproto.server.getSession()
  check(me.data.did === did, 'getSession did')
  check(me.data.email === `${name}@example.com`, 'getSession email')
})

await step('wrong password', async () => {
  const other = new AtpAgent({ service: base })
  await expectError(() => other.login({ identifier: handle, password: 'wrong' }), 'AuthenticationRequired')
})

await step('post with facets', async () => {
  const rt = new RichText({ text: `hello from the official client https://atproto.com #atproto` })
  await rt.detectFacets(agent)
  postRef = await agent.post({ text: rt.text, facets: rt.facets, createdAt: new Date().toISOString() })
  check(postRef.uri.startsWith(`at://${did}/app.bsky.feed.post/`), 'post uri ' + postRef.uri)
  const got = await agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: postRef.uri.split('/').pop() })
  check(got.data.cid === postRef.cid, 'getRecord cid')
  check(got.data.value.text === rt.text, 'getRecord text')
  check(got.data.value.facets?.length === 2, 'facets kept: ' + JSON.stringify(got.data.value.facets))
})

await step('like, repost, follow and list', async () => {
  await agent.like(postRef.uri, postRef.cid)
  await agent.repost(postRef.uri, postRef.cid)
  await agent.follow('did:plc:ewvi7nxzyoun6zhxrhs64oiz')
  const likes = await agent.com.atproto.repo.listRecords({ repo: handle, collection: 'app.bsky.feed.like' })
  check(likes.data.records.length === 1, 'one like')
  for (let i = 0; i < 5; i++) await agent.post({ text: `post ${i}`, createdAt: new Date().toISOString() })
  const page1 = await agent.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 4 })
  check(page1.data.records.length === 4 && page1.data.cursor, 'first page of 4 with a cursor')
  check(page1.data.records[0].value.text === 'post 4', 'newest first: ' + page1.data.records[0].value.text)
  const page2 = await agent.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 4, cursor: page1.data.cursor })
  check(page2.data.records.length === 2, 'second page of 2, got ' + page2.data.records.length)
})

await step('upsertProfile (swapRecord)', async () => {
  await agent.upsertProfile((existing) => ({ ...(existing ?? {}), displayName: 'First' }))
  await agent.upsertProfile((existing) => ({ ...existing, description: 'second edit' }))
  const got = await agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self' })
  check(got.data.value.displayName === 'First' && got.data.value.description === 'second edit', JSON.stringify(got.data.value))
})

await step('invalid record and lost swap', async () => {
  // the reference answers InvalidRequest (not InvalidRecord) for records its lexicons refuse
  await expectError(() => agent.com.atproto.repo.createRecord({
    repo: did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: 42, createdAt: new Date().toISOString() }, validate: true,
  }), 'InvalidRequest')
  await expectError(() => agent.com.atproto.repo.putRecord({
    repo: did, collection: 'app.bsky.actor.profile', rkey: 'self', record: { $type: 'app.bsky.actor.profile' },
    swapRecord: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm',
  }), 'InvalidSwap')
})

await step('applyWrites', async () => {
  const now = new Date().toISOString()
  const [rk1, rk2] = [TID.nextStr(), TID.nextStr()]
  const res = await agent.com.atproto.repo.applyWrites({
    repo: did,
    writes: [
      { $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.post', rkey: rk1, value: { $type: 'app.bsky.feed.post', text: 'one', createdAt: now } },
      { $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.post', rkey: rk2, value: { $type: 'app.bsky.feed.post', text: 'two', createdAt: now } },
    ],
  })
  check(res.data.commit?.rev, 'commit in the answer')
  check(res.data.results?.length === 2 && res.data.results[0].$type === 'com.atproto.repo.applyWrites#createResult', JSON.stringify(res.data))
  await agent.com.atproto.repo.applyWrites({
    repo: did, swapCommit: res.data.commit.cid,
    writes: [
      { $type: 'com.atproto.repo.applyWrites#delete', collection: 'app.bsky.feed.post', rkey: rk1 },
      { $type: 'com.atproto.repo.applyWrites#update', collection: 'app.bsky.feed.post', rkey: rk2, value: { $type: 'app.bsky.feed.post', text: 'two, edited', createdAt: now } },
    ],
  })
  const two = await agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: rk2 })
  check(two.data.value.text === 'two, edited', 'update applied')
  await expectError(() => agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: rk1 }), 'RecordNotFound')
  // a create and a delete of one record in one batch apply in order, as on the reference PDS
  const rk3 = TID.nextStr()
  const both = await agent.com.atproto.repo.applyWrites({
    repo: did,
    writes: [
      { $type: 'com.atproto.repo.applyWrites#create', collection: 'app.bsky.feed.post', rkey: rk3, value: { $type: 'app.bsky.feed.post', text: 'brief', createdAt: now } },
      { $type: 'com.atproto.repo.applyWrites#delete', collection: 'app.bsky.feed.post', rkey: rk3 },
    ],
  })
  check(both.data.results?.[1]?.$type === 'com.atproto.repo.applyWrites#deleteResult', JSON.stringify(both.data))
  await expectError(() => agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: rk3 }), 'RecordNotFound')
})

await step('deletePost', async () => {
  await agent.deletePost(postRef.uri)
  await expectError(() => agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: postRef.uri.split('/').pop() }), 'RecordNotFound')
})

await step('uploadBlob, image post, getBlob', async () => {
  const bytes = new Uint8Array(20000)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff
  const up = await agent.uploadBlob(bytes, { encoding: 'image/jpeg' })
  check(up.data.blob.size === bytes.length, 'blob size')
  await agent.post({
    text: 'with an image', createdAt: new Date().toISOString(),
    embed: { $type: 'app.bsky.embed.images', images: [{ image: up.data.blob, alt: 'pattern' }] },
  })
  const got = await agent.com.atproto.sync.getBlob({ did, cid: up.data.blob.ref.toString() })
  check(Buffer.from(got.data).equals(Buffer.from(bytes)), 'getBlob returns the bytes')
})

await step('app passwords', async () => {
  const created = await agent.com.atproto.server.createAppPassword({ name: 'interop app' })
  const appAgent = new AtpAgent({ service: base })
  await appAgent.login({ identifier: handle, password: created.data.password })
  await appAgent.post({ text: 'posted with an app password', createdAt: new Date().toISOString() })
  await expectError(() => appAgent.com.atproto.server.createAppPassword({ name: 'nested' }), 'InvalidToken')
  const list = await agent.com.atproto.server.listAppPasswords()
  check(list.data.passwords.some((p) => p.name === 'interop app'), 'listed')
  await agent.com.atproto.server.revokeAppPassword({ name: 'interop app' })
  const again = new AtpAgent({ service: base })
  await expectError(() => again.login({ identifier: handle, password: created.data.password }), 'AuthenticationRequired')
})

await step('preferences', async () => {
  await agent.setAdultContentEnabled(true)
  const prefs = await agent.getPreferences()
  check(prefs.moderationPrefs.adultContentEnabled === true, 'adult content pref kept')
  const raw = await agent.app.bsky.actor.getPreferences()
  check(raw.data.preferences.some((p) => p.$type === 'app.bsky.actor.defs#adultContentPref'), JSON.stringify(raw.data))
})

await step('service auth', async () => {
  // what a video service does with the token an app got from its PDS: verifyJwt from
  // @atproto/xrpc-server, with the signing key of the account's DID document
  const aud = 'did:web:video.example.com'
  const lxm = 'com.atproto.repo.uploadBlob'
  const res = await agent.com.atproto.server.getServiceAuth({ aud, lxm })
  const repo = await agent.com.atproto.repo.describeRepo({ repo: did })
  const key = `did:key:${repo.data.didDoc.verificationMethod[0].publicKeyMultibase}`
  const payload = await verifyJwt(res.data.token, aud, lxm, async (iss) => {
    check(iss === did, `iss ${iss}`)
    return key
  })
  check(payload.iss === did && payload.exp - payload.iat === 60, JSON.stringify(payload))
  const exp = Math.floor(Date.now() / 1000) + 7200
  await expectError(() => agent.com.atproto.server.getServiceAuth({ aud, lxm, exp }), 'BadExpiration')
})

await step('a video service uploads with the account\'s service JWT', async () => {
  // the official app's video flow: a token for this PDS and uploadBlob, which the video
  // service sends back here with the processed video (no session of its own)
  const server = await agent.com.atproto.server.describeServer()
  const { data } = await agent.com.atproto.server.getServiceAuth({ aud: server.data.did, lxm: 'com.atproto.repo.uploadBlob' })
  const videoService = new AtpAgent({ service: base })
  const bytes = new Uint8Array(12000)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 11) & 0xff
  const up = await videoService.com.atproto.repo.uploadBlob(bytes, { encoding: 'video/mp4', headers: { authorization: `Bearer ${data.token}` } })
  check(up.data.blob.size === bytes.length && up.data.blob.mimeType === 'video/mp4', JSON.stringify(up.data))
  await agent.post({ text: 'a video', createdAt: new Date().toISOString(),
    embed: { $type: 'app.bsky.embed.video', video: up.data.blob, alt: 'pattern' } })
  const createToken = (await agent.com.atproto.server.getServiceAuth({ aud: server.data.did, lxm: 'com.atproto.repo.createRecord' })).data.token
  await expectError(() => videoService.com.atproto.repo.uploadBlob(bytes, { encoding: 'video/mp4', headers: { authorization: `Bearer ${createToken}` } }), 'BadJwtLexiconMethod')
})

await step('refresh and logout', async () => {
  const before = agent.session.refreshJwt
  await agent.sessionManager.refreshSession()
  check(agent.session.refreshJwt !== before, 'refresh token rotated')
  const me = await agent.com.atproto.server.getSession()
  check(me.data.did === did, 'works after refresh')
  const kept = agent.session
  await agent.logout()
  const stale = new AtpAgent({ service: base })
  stale.sessionManager.session = kept
  // a revoked session's access token is refused at once (the reference keeps it valid until it expires);
  // ExpiredToken makes clients try a refresh, which fails, so they drop the session
  await expectError(() => stale.com.atproto.server.getSession({}, { headers: { authorization: `Bearer ${kept.accessJwt}` } }), 'ExpiredToken')
})

finish()
