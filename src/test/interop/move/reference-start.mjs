// Starts the reference PDS (npm @atproto/pds) with a PLC directory of its own (in-memory), both
// on loopback, as ../shared/bench/refpds-start.mjs does, except that the PDS reaches the
// directory as "localhost": its DID resolver refuses IP-literal URLs, so with 127.0.0.1 it
// could not resolve DIDs (and so could not check another server's service auth).
// Usage: node reference-start.mjs <dataDir> <pdsPort> <plcPort>
import { createRequire } from 'node:module'
import crypto from 'node:crypto'
const require = createRequire(process.env.BENCH_MODULES + '/')
const plc = require('@did-plc/server')
const { PDS, envToCfg, envToSecrets, readEnv } = await import(process.env.BENCH_MODULES + '/@atproto/pds/dist/index.js')
const [dataDir, pdsPort, plcPort] = process.argv.slice(2)
const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: Number(plcPort) })
await plcServer.start()
const hex = () => crypto.randomBytes(32).toString('hex')
Object.assign(process.env, {
  PDS_PORT: String(pdsPort),
  PDS_HOSTNAME: 'localhost',
  PDS_DEV_MODE: 'true',
  PDS_DATA_DIRECTORY: dataDir,
  PDS_BLOBSTORE_DISK_LOCATION: dataDir + '/blobs',
  PDS_JWT_SECRET: hex(),
  PDS_ADMIN_PASSWORD: 'admin-pass',
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: hex(),
  PDS_DID_PLC_URL: `http://localhost:${plcPort}`,
  PDS_INVITE_REQUIRED: 'false',
  PDS_RATE_LIMITS_ENABLED: 'false',
  PDS_SERVICE_HANDLE_DOMAINS: '.test',
  PDS_CRAWLERS: '',
  LOG_ENABLED: 'false',
})
const env = readEnv()
const pds = await PDS.create(envToCfg(env), envToSecrets(env))
await pds.start()
console.log(`reference PDS on http://127.0.0.1:${pdsPort}, PLC on http://localhost:${plcPort}`)
