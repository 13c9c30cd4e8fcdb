// What both move scripts do the same way: an account with posts and an avatar blob on the old
// server, its account on the new one made with the old one's service auth, and its blobs copied.
import { createRequire } from 'node:module'
const require = createRequire(process.env.BENCH_MODULES + '/')
export const { AtpAgent } = require('@atproto/api')
export const assert = require('node:assert/strict')

export const step = (name) => console.log('ok ' + name)

/** A new account on `old` (logged in there) with `posts` posts and a profile with an avatar blob. */
export async function accountWithRecords(old, prefix, posts, displayName) {
  const name = prefix + Date.now().toString(36)
  const handle = name + '.test'
  await old.createAccount({ handle, email: name + '@example.com', password: 'old-pass' })
  const did = old.session.did
  for (let i = 0; i < posts; i++) {
    await old.com.atproto.repo.createRecord({ repo: did, collection: 'app.bsky.feed.post',
      record: { $type: 'app.bsky.feed.post', text: 'post ' + i, createdAt: new Date().toISOString() } })
  }
  const png = new Uint8Array(2000).map((_, i) => (i * 7) % 251)
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const up = await old.com.atproto.repo.uploadBlob(png, { encoding: 'image/png' })
  await old.com.atproto.repo.putRecord({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self',
    record: { $type: 'app.bsky.actor.profile', displayName, avatar: up.data.blob } })
  return { did, handle, email: name + '@example.com' }
}

/** The account on `fresh`, proven by `old`'s service auth, then logged in there with the new password. */
export async function createOnNewServer(old, fresh, account) {
  const desc = await fresh.com.atproto.server.describeServer()
  const auth = await old.com.atproto.server.getServiceAuth({ aud: desc.data.did, lxm: 'com.atproto.server.createAccount' })
  await fresh.com.atproto.server.createAccount(
    { did: account.did, handle: account.handle, email: account.email, password: 'new-pass' },
    { headers: { authorization: 'Bearer ' + auth.data.token }, encoding: 'application/json' })
  await fresh.login({ identifier: account.did, password: 'new-pass' })
}

/** The export of `old` imported by `fresh`, and the blobs `fresh` lists as missing copied over; answers how many. */
export async function importRepoAndBlobs(old, fresh, did) {
  const car = await old.com.atproto.sync.getRepo({ did })
  await fresh.com.atproto.repo.importRepo(car.data, { encoding: 'application/vnd.ipld.car' })
  const missing = (await fresh.com.atproto.repo.listMissingBlobs({})).data.blobs
  for (const b of missing) {
    const blob = await old.com.atproto.sync.getBlob({ did, cid: b.cid })
    await fresh.com.atproto.repo.uploadBlob(blob.data, { encoding: blob.headers['content-type'] })
  }
  assert.equal((await fresh.com.atproto.repo.listMissingBlobs({})).data.blobs.length, 0)
  return missing.length
}
