// An app using the official @atproto/oauth-client-node as a loopback (development) client
// against our PDS. It prints "AUTHORIZE <url>" for the test to open in a browser, waits for
// the redirect to its callback, then makes authenticated calls with the session and prints
// "RESULT <json>". Usage: node oauth-login.cjs <plcUrl> <did> <handle>
'use strict'
const http = require('node:http')
const { NodeOAuthClient } = require('@atproto/oauth-client-node')
const { buildAtprotoLoopbackClientMetadata } = require('@atproto/oauth-types')
const { Agent } = require('@atproto/api')

const [plcUrl, did, handle] = process.argv.slice(2)
const fail = (err) => {
  console.log('ERROR ' + JSON.stringify(String(err && err.stack ? err.stack : err)))
  process.exit(1)
}
setTimeout(() => fail('timed out'), 120_000).unref()

function memoryStore() {
  const m = new Map()
  return { set: async (k, v) => void m.set(k, v), get: async (k) => m.get(k), del: async (k) => void m.delete(k) }
}
const locks = new Map()
async function requestLock(name, fn) {
  while (locks.has(name)) await locks.get(name)
  const p = Promise.resolve().then(fn)
  locks.set(name, p.catch(() => {}))
  try { return await p } finally { locks.delete(name) }
}

async function main() {
  let client
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1')
    if (url.pathname !== '/callback') { res.writeHead(404).end(); return }
    try {
      const { session } = await client.callback(url.searchParams)
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p id="done">Signed in</p>')
      const agent = new Agent(session)
      const me = await agent.com.atproto.server.getSession()
      const created = await agent.com.atproto.repo.createRecord({
        repo: session.did,
        collection: 'app.bsky.feed.post',
        record: { $type: 'app.bsky.feed.post', text: 'hello from oauth-client-node', createdAt: new Date().toISOString() },
      })
      // a forced refresh: rotated tokens, and the session keeps working
      const restored = await client.restore(session.did, true)
      const again = await new Agent(restored).com.atproto.server.getSession()
      const info = await restored.getTokenInfo(false)
      console.log('RESULT ' + JSON.stringify({
        sub: session.did, getSession: me.data, createRecord: created.data, afterRefresh: again.data,
        scope: info.scope, aud: info.aud,
      }))
      server.close()
      process.exit(0)
    } catch (err) {
      res.writeHead(500).end()
      fail(err)
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = server.address().port
  client = new NodeOAuthClient({
    clientMetadata: buildAtprotoLoopbackClientMetadata({
      scope: 'atproto transition:generic',
      redirect_uris: [`http://127.0.0.1:${port}/callback`],
    }),
    stateStore: memoryStore(),
    sessionStore: memoryStore(),
    requestLock,
    allowHttp: true,
    plcDirectoryUrl: plcUrl,
    handleResolver: { resolve: async (h) => (h === handle ? did : null) },
  })
  const url = await client.authorize(did, { scope: 'atproto transition:generic' })
  console.log('AUTHORIZE ' + url.href)
}
main().catch(fail)
