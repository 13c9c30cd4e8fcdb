// Drives a PDS's operator and moderation methods with the official client (@atproto/api's
// AtpAgent, admin password as Basic auth), unchanged; the client checks every answer against its
// own lexicons. A user signs up and posts; the operator takes a record and a blob down and
// lifts them, reads subject status and account info, manages invite codes and mails the user.
// Usage: node moderation-client.mjs <pds base url> <admin password> <handle prefix>
// Prints one JSON line per step ({step, ok, error?}) and exits 1 if any step failed.
import { createRequire } from 'node:module'
import { check, expectError, finish, step } from './steps.mjs'

const require = createRequire((process.env.BENCH_MODULES ?? '/tmp/pds-bench/mods/node_modules') + '/')
const { AtpAgent } = require('@atproto/api')

const [base, adminPassword, name = `m${Date.now() % 1000000}`] = process.argv.slice(2)
const handle = `${name}.test`

const user = new AtpAgent({ service: base })
const admin = new AtpAgent({ service: base })
admin.setHeader('authorization', 'Basic ' + Buffer.from(`admin:${adminPassword}`).toString('base64'))
let did
let post
let blob

await step('sign up, post with an image, checkSignupQueue', async () => {
  const res = await user.createAccount({ handle, email: `${name}@example.com`, password: `${name}-password` })
  did = res.data.did
  const bytes = new Uint8Array(5000)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 13) & 0xff
  blob = (await user.uploadBlob(bytes, { encoding: 'image/jpeg' })).data.blob
  post = await user.post({
    text: 'to be moderated', createdAt: new Date().toISOString(),
    embed: { $type: 'app.bsky.embed.images', images: [{ image: blob, alt: 'pattern' }] },
  })
  const queue = await user.com.atproto.temp.checkSignupQueue()
  check(queue.data.activated === true, 'activated: ' + JSON.stringify(queue.data))
})

const rkey = () => post.uri.split('/').pop()

await step('record takedown and lift', async () => {
  await admin.com.atproto.admin.updateSubjectStatus({
    subject: { $type: 'com.atproto.repo.strongRef', uri: post.uri, cid: post.cid },
    takedown: { applied: true, ref: 'interop-1' },
  })
  await expectError(() => user.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: rkey() }), 'RecordNotFound')
  const listed = await user.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post' })
  check(listed.data.records.length === 0, 'listed: ' + JSON.stringify(listed.data))
  const status = await admin.com.atproto.admin.getSubjectStatus({ uri: post.uri })
  check(status.data.takedown?.applied === true && status.data.takedown?.ref === 'interop-1', 'status: ' + JSON.stringify(status.data))
  check(status.data.subject.cid === post.cid, 'subject cid')
  await admin.com.atproto.admin.updateSubjectStatus({
    subject: { $type: 'com.atproto.repo.strongRef', uri: post.uri, cid: post.cid },
    takedown: { applied: false },
  })
  const got = await user.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey: rkey() })
  check(got.data.cid === post.cid, 'back after the lift')
})

await step('blob takedown and lift', async () => {
  const cid = blob.ref.toString()
  await admin.com.atproto.admin.updateSubjectStatus({
    subject: { $type: 'com.atproto.admin.defs#repoBlobRef', did, cid },
    takedown: { applied: true },
  })
  await expectError(() => user.com.atproto.sync.getBlob({ did, cid }), 'InvalidRequest')
  const status = await admin.com.atproto.admin.getSubjectStatus({ did, blob: cid })
  check(status.data.takedown?.applied === true, 'status: ' + JSON.stringify(status.data))
  await admin.com.atproto.admin.updateSubjectStatus({
    subject: { $type: 'com.atproto.admin.defs#repoBlobRef', did, cid },
    takedown: { applied: false },
  })
  const got = await user.com.atproto.sync.getBlob({ did, cid })
  check(got.data.length === 5000, 'blob back after the lift')
})

await step('account status and info', async () => {
  const status = await admin.com.atproto.admin.getSubjectStatus({ did })
  check(status.data.takedown?.applied === false && status.data.deactivated?.applied === false, JSON.stringify(status.data))
  await admin.com.atproto.server.createInviteCodes({ codeCount: 2, useCount: 1, forAccounts: [did] })
  const info = await admin.com.atproto.admin.getAccountInfo({ did })
  check(info.data.handle === handle && info.data.invites?.length === 2, 'info: ' + JSON.stringify(info.data))
  const infos = await admin.com.atproto.admin.getAccountInfos({ dids: [did] })
  check(infos.data.infos.length === 1, 'infos')
})

await step('invite management', async () => {
  const page = await admin.com.atproto.admin.getInviteCodes({ sort: 'recent', limit: 1 })
  check(page.data.codes.length === 1 && page.data.cursor, 'page: ' + JSON.stringify(page.data))
  const next = await admin.com.atproto.admin.getInviteCodes({ sort: 'recent', limit: 1, cursor: page.data.cursor })
  check(next.data.codes[0].code !== page.data.codes[0].code, 'the cursor moves on')
  await admin.com.atproto.admin.disableInviteCodes({ accounts: [did] })
  const byUse = await admin.com.atproto.admin.getInviteCodes({ sort: 'usage' })
  check(byUse.data.codes.every((c) => c.disabled), 'all disabled: ' + JSON.stringify(byUse.data))
  await admin.com.atproto.admin.disableAccountInvites({ account: did, note: 'interop' })
  check((await admin.com.atproto.admin.getAccountInfo({ did })).data.invitesDisabled === true, 'invites off')
  await admin.com.atproto.admin.enableAccountInvites({ account: did })
  check((await admin.com.atproto.admin.getAccountInfo({ did })).data.invitesDisabled === false, 'invites on')
  // an account that signed up with a code, then deactivated itself: both show in its info
  const code = (await admin.com.atproto.server.createInviteCode({ useCount: 1 })).data.code
  const invited = new AtpAgent({ service: base })
  const other = `${name}i`
  const made = await invited.createAccount({ handle: `${other}.test`, email: `${other}@example.com`, password: `${other}-password`, inviteCode: code })
  await invited.com.atproto.server.deactivateAccount({})
  const otherInfo = (await admin.com.atproto.admin.getAccountInfo({ did: made.data.did })).data
  check(otherInfo.invitedBy?.code === code && otherInfo.invitedBy.uses[0].usedBy === made.data.did, 'invitedBy: ' + JSON.stringify(otherInfo))
  check(typeof otherInfo.deactivatedAt === 'string', 'deactivatedAt: ' + JSON.stringify(otherInfo))
})

await step('sendEmail', async () => {
  const res = await admin.com.atproto.admin.sendEmail({ recipientDid: did, senderDid: did, content: '<p>Hello</p>', subject: 'A note' })
  check(res.data.sent === true, 'sent')
  await expectError(() => admin.com.atproto.admin.sendEmail({ recipientDid: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', senderDid: did, content: 'x' }), 'InvalidRequest')
})

finish()
