// Drives a PLC directory at <url> with @did-plc/lib's own client and keys from @atproto/crypto:
// creates a DID (K-256 rotation key signs, P-256 recovery key listed first), changes its
// handle, and prints everything the directory answered as one JSON object.
const plc = require('@did-plc/lib')
const { Secp256k1Keypair, P256Keypair } = require('@atproto/crypto')
const url = process.argv[2]
;(async () => {
  const rotation = await Secp256k1Keypair.create()
  const recovery = await P256Keypair.create()
  const signing = await Secp256k1Keypair.create()
  const client = new plc.Client(url)
  const did = await client.createDid({
    signingKey: signing.did(),
    handle: 'lib-user.test',
    pds: 'http://localhost:2583',
    rotationKeys: [recovery.did(), rotation.did()],
    signer: rotation,
  })
  const dataBefore = await client.getDocumentData(did)
  await client.updateHandle(did, rotation, 'lib-renamed.test')
  const out = {
    did,
    rotationKey: rotation.did(),
    recoveryKey: recovery.did(),
    signingKey: signing.did(),
    dataBefore,
    dataAfter: await client.getDocumentData(did),
    document: await client.getDocument(did),
    log: await client.getOperationLog(did),
    audit: await client.getAuditableLog(did),
  }
  console.log(JSON.stringify(out))
})().catch((err) => {
  console.error(err && err.response ? JSON.stringify(err.response.data) : err)
  process.exit(1)
})
