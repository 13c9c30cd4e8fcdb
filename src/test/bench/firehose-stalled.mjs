// Memory with slow subscribers: opens K subscribeRepos connections that never read a byte (TCP
// backpressure all the way to the server), then makes writes for S seconds with C in flight and
// samples the server's resident memory. Prints the RSS before, at its highest and at the end,
// the write rate, and how many stalled connections the server had closed (seen once they read again).
// Usage: node firehose-stalled.mjs <baseUrl> <accountsFile> <serverPid> <K> <seconds> [C=8]
import fs from 'node:fs'
import net from 'node:net'
const [base, accountsFile, pidStr, kStr, sStr, cStr = '8'] = process.argv.slice(2)
const K = Number(kStr), S = Number(sStr), C = Number(cStr)
const accounts = fs.readFileSync(accountsFile, 'utf8').trim().split('\n').map((l) => l.split(' '))
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pidStr}/status`, 'utf8'))[1]) / 1024
const url = new URL(base)
let closed = 0
const sockets = await Promise.all(Array.from({ length: K }, () => new Promise((resolve, reject) => {
  const s = net.connect(Number(url.port), url.hostname, () => {
    s.write('GET /xrpc/com.atproto.sync.subscribeRepos HTTP/1.1\r\nHost: ' + url.host + '\r\nUpgrade: websocket\r\n'
      + 'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n')
    s.once('data', () => { s.pause(); resolve(s) }) // the 101 answer, then never read again
  })
  s.setRecvBufferSize?.(4096)
  s.on('error', () => {})
  s.on('close', () => { closed++ })
})))
const before = rssMb()
let peak = before, writes = 0, stop = false
const sampler = setInterval(() => { peak = Math.max(peak, rssMb()) }, 250)
setTimeout(() => { stop = true }, S * 1000)
const t0 = performance.now()
await Promise.all(Array.from({ length: C }, async (_, w) => {
  const [did, jwt] = accounts[w % accounts.length]
  while (!stop) {
    const res = await fetch(`${base}/xrpc/com.atproto.repo.createRecord`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ repo: did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: `stalled ${writes}`, createdAt: new Date().toISOString() } }),
    })
    await res.arrayBuffer()
    if (!res.ok) throw new Error('write failed ' + res.status)
    writes++
  }
}))
const secs = (performance.now() - t0) / 1000
await new Promise((r) => setTimeout(r, 1000))
clearInterval(sampler)
peak = Math.max(peak, rssMb())
const end = rssMb()
// read what is queued: a connection the server cut off ends after its last frames
for (const s of sockets) { s.on('data', () => {}); s.resume() }
await new Promise((r) => setTimeout(r, 7000))
console.log(`stalled_subscribers=${K} writes=${writes} writes_per_s=${(writes / secs).toFixed(0)} rss_before_mb=${before.toFixed(0)} rss_peak_mb=${peak.toFixed(0)} rss_end_mb=${end.toFixed(0)} closed_by_server=${closed}`)
for (const s of sockets) s.destroy()
process.exit(0)
