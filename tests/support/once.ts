/** `fire` runs `action` the first time it is called and never again; `fired` resolves then. */
export function once(action: () => void) {
  let done = false
  let resolve!: () => void
  const fired = new Promise<void>((r) => (resolve = r))
  const fire = () => {
    if (done) return
    done = true
    resolve()
    action()
  }
  return { fire, fired }
}
