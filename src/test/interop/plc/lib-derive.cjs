// Reads one signed genesis operation (JSON) on stdin and prints what @did-plc/lib makes of it:
// the DID it derives, the CID, and which rotation key's signature it accepts.
const plc = require('@did-plc/lib')
const { cidForCbor } = require('@atproto/common')
let input = ''
process.stdin.on('data', (d) => (input += d))
process.stdin.on('end', async () => {
  const op = JSON.parse(input)
  const out = { did: await plc.didForCreateOp(op), cid: (await cidForCbor(op)).toString() }
  try {
    out.signer = await plc.assureValidSig(op.rotationKeys, op)
  } catch (err) {
    out.signatureError = String(err.message || err)
  }
  console.log(JSON.stringify(out))
})
