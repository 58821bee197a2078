import { createTimer } from './clock'
import type { Clock, Data, HeartbeatOptions } from './types'

/**
 * Pings after `interval` of silence; a ping with nothing heard within `timeout` means the socket is dead.
 * Its two timers fire through `run`, as events of the connection.
 */
export function createHeartbeat(
  clock: () => Clock,
  run: (task: () => void) => void,
  ping: (message: Data) => void,
  dead: () => void,
) {
  const pingTimer = createTimer(clock)
  const pongTimer = createTimer(clock)
  let options: Required<HeartbeatOptions> | false = false
  let lastHeard = 0
  // Only ever true while started (stop() clears it with the options), so it alone says a ping is unanswered.
  let awaitingAnswer = false

  function beat() {
    if (!options) return
    const quiet = clock().now() - lastHeard
    if (quiet < options.interval) return pingTimer.set(() => run(beat), options.interval - quiet)
    awaitingAnswer = true
    ping(options.message)
    pongTimer.set(() => run(() => awaitingAnswer && dead()), options.timeout)
  }

  return {
    /** The socket opened: start counting silence. */
    start(settings: Required<HeartbeatOptions>) {
      options = settings
      lastHeard = clock().now()
      beat()
    },
    /** Any frame counts as a sign of life; an answer to a ping starts the next interval. */
    heard() {
      lastHeard = clock().now()
      if (!awaitingAnswer) return
      awaitingAnswer = false
      pongTimer.clear()
      beat()
    },
    stop() {
      options = awaitingAnswer = false
      pingTimer.clear()
      pongTimer.clear()
    },
  }
}
