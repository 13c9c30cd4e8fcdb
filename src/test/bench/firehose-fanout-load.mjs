// Fan-out under parallel writers (the shared firehose-fanout.mjs writes one at a time, so its
// event rate is one write's latency): K subscribers, W writers making M createRecord calls in
// all over the accounts in the file. Reports the event rate written, how many subscribers got
// every event, the delivery delay from a write's answer to its frame's arrival (p50/p99 over
// all subscribers), and subscribers x events/s delivered.
// Usage: node firehose-fanout-load.mjs <baseUrl> <accountsFile> <K> <M> [W=8]
import fs from 'node:fs'
const [base, accountsFile, kStr, mStr, wStr = '8'] = process.argv.slice(2)
const K = Number(kStr), M = Number(mStr), W = Number(wStr)
const accounts = fs.readFileSync(accountsFile, 'utf8').trim().split('\n').map((l) => l.split(' '))
const wsBase = base.replace(/^http/, 'ws')
// per subscriber: commit CID string -> arrival time; frames are matched to writes by the commit CID
const arrivals = Array.from({ length: K }, () => new Map())
const counts = new Array(K).fill(0)
const sockets = []
const commitCid = (buf) => {
  // the #commit body holds "commit": tag 42 + bytes(0x00 + CID); find the key and read the 36-byte CID after it
  const b = new Uint8Array(buf)
  for (let i = 0; i + 48 < b.length; i++) {
    if (b[i] === 0x66 && b[i + 1] === 0x63 && b[i + 2] === 0x6f && b[i + 3] === 0x6d && b[i + 4] === 0x6d && b[i + 5] === 0x69 && b[i + 6] === 0x74
        && b[i + 7] === 0xd8 && b[i + 8] === 0x2a) {
      return Buffer.from(b.subarray(i + 12, i + 12 + 36)).toString('hex')
    }
  }
  return null
}
await Promise.all(Array.from({ length: K }, (_, i) => new Promise((resolve, reject) => {
  const ws = new WebSocket(`${wsBase}/xrpc/com.atproto.sync.subscribeRepos`)
  ws.binaryType = 'arraybuffer'
  ws.onopen = () => resolve()
  ws.onerror = () => reject(new Error('ws error ' + i))
  ws.onmessage = (m) => {
    counts[i]++
    if (i % 10 === 0) { // timing from every tenth subscriber keeps the client's own work small
      const c = commitCid(m.data)
      if (c) arrivals[i].set(c, performance.now())
    }
  }
  sockets.push(ws)
})))
await new Promise((r) => setTimeout(r, 500))
counts.fill(0)
const answered = new Map() // commit CID hex -> answer time
let next = 0
const cidHex = (s) => {
  // base32 'b' multibase CID string -> hex of the binary CID
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = 0, value = 0
  const out = []
  for (const ch of s.slice(1)) {
    value = (value << 5) | alphabet.indexOf(ch)
    bits += 5
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8 }
  }
  return Buffer.from(out).toString('hex')
}
const t0 = performance.now()
await Promise.all(Array.from({ length: W }, async (_, w) => {
  const [did, jwt] = accounts[w % accounts.length]
  while (next < M) {
    const j = next++
    const res = await fetch(`${base}/xrpc/com.atproto.repo.createRecord`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ repo: did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: `fanout ${j}`, createdAt: new Date().toISOString() } }),
    })
    const body = await res.json()
    if (!res.ok) throw new Error('write failed ' + res.status + ' ' + JSON.stringify(body))
    answered.set(cidHex(body.commit.cid), performance.now())
  }
}))
const writeSecs = (performance.now() - t0) / 1000
const deadline = performance.now() + 30_000
while (counts.some((c) => c < M) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50))
const lastArrival = performance.now()
const delays = []
for (const a of arrivals) for (const [cid, t] of a) if (answered.has(cid)) delays.push(t - answered.get(cid))
delays.sort((x, y) => x - y)
const q = (p) => delays.length ? delays[Math.min(delays.length - 1, Math.floor(p * delays.length))].toFixed(1) : 'NaN'
const complete = counts.filter((c) => c >= M).length
const eps = M / writeSecs
console.log(`subscribers=${K} writes=${M} writers=${W} writes_per_s=${eps.toFixed(0)} complete_subscribers=${complete} delay_p50_ms=${q(0.5)} delay_p99_ms=${q(0.99)} subscriber_events_per_s=${(complete * eps).toFixed(0)}`)
for (const ws of sockets) ws.close()
process.exit(0)
