// The step reporting the client scripts share: one JSON line per step ({step, ok, error?}),
// and an exit code of 1 when any step failed.
let failed = 0

export async function step(label, fn) {
  try {
    await fn()
    console.log(JSON.stringify({ step: label, ok: true }))
  } catch (err) {
    failed++
    console.log(JSON.stringify({ step: label, ok: false, error: String(err?.stack ?? err).slice(0, 800) }))
  }
}

export function check(cond, message) {
  if (!cond) throw new Error(message)
}

export async function expectError(fn, name) {
  try {
    await fn()
  } catch (err) {
    check(err.error === name, `expected ${name}, got ${err.error} (${err.status}): ${err.message}`)
    return
  }
  throw new Error(`expected the error ${name}, but the call succeeded`)
}

export function finish() {
  process.exit(failed === 0 ? 0 : 1)
}
