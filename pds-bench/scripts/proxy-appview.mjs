// A stand-in app view for proxy-reads.sh: answers app.bsky.feed.getTimeline with a fixed page of
// 30 posts by someone else, and an atproto-repo-rev header: the rev set for the caller (the
// service JWT's iss) with POST /rev {"did","rev"}. Usage: node proxy-appview.mjs <port>
import http from 'node:http'

const port = Number(process.argv[2])
const revs = new Map()
const other = 'did:plc:otherotherotherotherothe'
const feed = []
for (let i = 0; i < 30; i++) {
  const rkey = `3k${String(i).padStart(11, 'a')}`
  feed.push({ post: {
    uri: `at://${other}/app.bsky.feed.post/${rkey}`, cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm',
    author: { did: other, handle: 'other.test', displayName: 'Other' },
    record: { $type: 'app.bsky.feed.post', text: `post number ${i} `.repeat(8), createdAt: '2024-01-01T00:00:00.000Z' },
    replyCount: 0, repostCount: 0, likeCount: 0, quoteCount: 0, indexedAt: '2024-01-01T00:00:00.000Z',
  } })
}
const page = JSON.stringify({ feed, cursor: 'next' })

http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/rev') {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => { const { did, rev } = JSON.parse(body); revs.set(did, rev); res.end('{}') })
    return
  }
  if (req.url.startsWith('/xrpc/app.bsky.feed.getTimeline')) {
    const jwt = (req.headers.authorization ?? '').slice(7).split('.')[1] ?? ''
    let iss = ''
    try { iss = JSON.parse(Buffer.from(jwt, 'base64url').toString()).iss } catch {}
    const headers = { 'content-type': 'application/json; charset=utf-8' }
    if (revs.has(iss)) headers['atproto-repo-rev'] = revs.get(iss)
    res.writeHead(200, headers)
    res.end(page)
    return
  }
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end('{"error":"MethodNotImplemented"}')
}).listen(port, '127.0.0.1')
