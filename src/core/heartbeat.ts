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

  /** The socket opened: start counting silence. */
  function start(settings: Required<HeartbeatOptions>) {
    options = settings
    lastHeard = clock().now()
    beat()
  }

  function stop() {
    options = awaitingAnswer = false
    pingTimer.clear()
    pongTimer.clear()
  }

  function beat() {
    if (!options) return
    const quiet = clock().now() - lastHeard
    if (quiet < options.interval) return pingTimer.set(() => run(beat), options.interval - quiet)
    awaitingAnswer = true
    ping(options.message)
    pongTimer.set(() => run(() => awaitingAnswer && dead()), options.timeout)
  }

  return {
    start,
    /** Any frame counts as a sign of life; an answer to a ping starts the next interval. */
    heard() {
      lastHeard = clock().now()
      if (!awaitingAnswer) return
      awaitingAnswer = false
      pongTimer.clear()
      beat()
    },
    stop,
    /**
     * New settings while the socket is open: switched off stops, switched on or another rhythm starts afresh. The
     * same rhythm changes nothing, since an inline options object is new on every render.
     */
    follow(settings: Required<HeartbeatOptions> | false) {
      const same =
        options && settings
          ? options.interval === settings.interval &&
            options.timeout === settings.timeout &&
            options.message === settings.message
          : options === settings
      if (same) return
      stop()
      if (settings) start(settings)
    },
  }
}
