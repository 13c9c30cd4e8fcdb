// Backfill speed of subscribeRepos: makes N commits (createRecord, C in flight over the
// accounts in the file), then one subscriber connects with cursor=0 and reads until it has
// every event; prints events/s of that read. Usage:
//   node firehose-backfill.mjs <baseUrl> <accountsFile> <N> [C=16]
import fs from 'node:fs'
const [base, accountsFile, nStr, cStr = '16'] = process.argv.slice(2)
const N = Number(nStr), C = Number(cStr)
const accounts = fs.readFileSync(accountsFile, 'utf8').trim().split('\n').map((l) => l.split(' '))
let next = 0
const t0 = performance.now()
await Promise.all(Array.from({ length: C }, async (_, w) => {
  const [did, jwt] = accounts[w % accounts.length]
  while (next < N) {
    const j = next++
    const res = await fetch(`${base}/xrpc/com.atproto.repo.createRecord`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ repo: did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: `backfill ${j}`, createdAt: new Date().toISOString() } }),
    })
    await res.arrayBuffer()
    if (!res.ok) throw new Error('write failed ' + res.status)
  }
}))
const writeSecs = (performance.now() - t0) / 1000
// every account made 4 events at creation (#identity, #account, #commit, #sync), then one per write
const total = N + accounts.length * 4
const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/xrpc/com.atproto.sync.subscribeRepos?cursor=0`)
ws.binaryType = 'arraybuffer'
let got = 0, bytes = 0, first = 0
const t1 = await new Promise((resolve, reject) => {
  ws.onerror = () => reject(new Error('ws error'))
  ws.onmessage = (m) => {
    if (got === 0) first = performance.now()
    got++
    bytes += m.data.byteLength
    if (got >= total) resolve(performance.now())
  }
  setTimeout(() => resolve(performance.now()), 600_000)
})
const t = (t1 - first) / 1000
console.log(`writes=${N} write_s=${writeSecs.toFixed(1)} writes_per_s=${(N / writeSecs).toFixed(0)} backfilled=${got}/${total} backfill_s=${t.toFixed(2)} events_per_s=${(got / t).toFixed(0)} mb=${(bytes / 1e6).toFixed(1)}`)
ws.close()
process.exit(0)
