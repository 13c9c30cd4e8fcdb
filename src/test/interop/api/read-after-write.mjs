// The official client (@atproto/api's AtpAgent, unchanged) reads its own writes through a PDS
// whose app view lags: the test's stand-in app view answers from the rev it was told to
// "freeze" at, and the PDS puts the newer posts and profile into those answers. The client
// checks every answer against its own lexicons, so the views the PDS builds must be valid.
// Usage: node read-after-write.mjs <pds base url> <stand-in app view url> <handle prefix>
// Prints one JSON line per step ({step, ok, error?}) and exits 1 if any step failed.
import { createRequire } from 'node:module'
import { check, finish, step } from './steps.mjs'

const require = createRequire((process.env.BENCH_MODULES ?? '/tmp/pds-bench/mods/node_modules') + '/')
const { AtpAgent } = require('@atproto/api')

const [base, appView, name = `r${Date.now() % 1000000}`] = process.argv.slice(2)
const handle = `${name}.test`
const agent = new AtpAgent({ service: base })
let did
let first
let image
let reply
let quote

const write = (collection, record, rkey) => rkey
  ? agent.com.atproto.repo.putRecord({ repo: did, collection, rkey, record })
  : agent.com.atproto.repo.createRecord({ repo: did, collection, record })

await step('sign up, a profile and a post the app view sees', async () => {
  did = (await agent.createAccount({ handle, email: `${name}@example.com`, password: `${name}-password` })).data.did
  await write('app.bsky.actor.profile', { $type: 'app.bsky.actor.profile', displayName: 'Before' }, 'self')
  const res = await write('app.bsky.feed.post', { $type: 'app.bsky.feed.post', text: 'first', createdAt: new Date().toISOString() })
  first = { uri: res.data.uri, cid: res.data.cid }
  const record = (await agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: first.uri.split('/').pop() })).data.value
  const frozen = await fetch(`${appView}/freeze`, {
    method: 'POST',
    body: JSON.stringify({ did, handle, rev: res.data.commit.rev, uri: first.uri, cid: first.cid, record }),
  })
  check(frozen.ok, 'the stand-in took the rev')
})

await step('posts and a profile it does not see', async () => {
  const bytes = new Uint8Array(3000)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff
  const blob = (await agent.uploadBlob(bytes, { encoding: 'image/png' })).data.blob
  const now = () => new Date().toISOString()
  image = (await agent.post({ text: 'a picture', createdAt: now(),
    embed: { $type: 'app.bsky.embed.images', images: [{ image: blob, alt: 'pattern', aspectRatio: { width: 3, height: 2 } }] } })).uri
  reply = (await agent.post({ text: 'a reply', createdAt: now(), reply: { root: first, parent: first } })).uri
  quote = (await agent.post({ text: 'a quote', createdAt: now(), embed: { $type: 'app.bsky.embed.record', record: first } })).uri
  await agent.upsertProfile((old) => ({ ...old, displayName: 'After', avatar: blob }))
})

await step('getTimeline', async () => {
  const res = await agent.getTimeline({ limit: 10 })
  const uris = res.data.feed.map((f) => f.post.uri)
  check(JSON.stringify(uris) === JSON.stringify([quote, reply, image]), 'timeline: ' + JSON.stringify(uris))
  check(res.headers['atproto-upstream-lag'] !== undefined, 'lag header: ' + JSON.stringify(res.headers))
  const [q, , i] = res.data.feed.map((f) => f.post)
  check(q.author.displayName === 'After' && typeof q.author.avatar === 'string', 'author: ' + JSON.stringify(q.author))
  check(q.embed.$type === 'app.bsky.embed.record#view' && q.embed.record.uri === first.uri, 'quote: ' + JSON.stringify(q.embed))
  check(i.embed.$type === 'app.bsky.embed.images#view' && i.embed.images[0].alt === 'pattern', 'images: ' + JSON.stringify(i.embed))
})

await step('getAuthorFeed', async () => {
  const res = await agent.getAuthorFeed({ actor: did })
  const uris = res.data.feed.map((f) => f.post.uri)
  check(JSON.stringify(uris) === JSON.stringify([quote, reply, image, first.uri]), 'feed: ' + JSON.stringify(uris))
  check(res.data.feed[3].post.author.displayName === 'After', 'the old post shows the new profile')
})

await step('getPostThread, a thread the app view has', async () => {
  const res = await agent.getPostThread({ uri: first.uri })
  check(res.data.thread.replies?.[0]?.post?.uri === reply, 'replies: ' + JSON.stringify(res.data.thread.replies))
})

await step('getPostThread, a post the app view has not seen', async () => {
  const res = await agent.getPostThread({ uri: reply.replace(did, handle), parentHeight: 5 })
  check(res.data.thread.post.uri === reply, 'post: ' + JSON.stringify(res.data.thread.post))
  check(res.data.thread.parent?.post?.uri === first.uri, 'parent: ' + JSON.stringify(res.data.thread.parent))
})

await step('getProfile and getProfiles', async () => {
  const one = await agent.getProfile({ actor: did })
  check(one.data.displayName === 'After' && one.data.avatar, 'profile: ' + JSON.stringify(one.data))
  const many = await agent.getProfiles({ actors: [did] })
  check(many.data.profiles[0].displayName === 'After', 'profiles: ' + JSON.stringify(many.data))
})

finish()
