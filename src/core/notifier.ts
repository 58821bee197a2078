import { createTimer } from './clock'
import type { Clock, Listener, NotifyMode } from './types'

/**
 * Tells a connection's subscribers that its snapshot changed. Changes caused by incoming frames are batched
 * (`'frame'`: one notification per animation frame; `'microtask'`; `'sync'`: at the end of each event); a user's
 * own call tells them at its end. A subscriber that throws is handed to `onThrow`, and the others are still told.
 */
export function createNotifier(
  mode: () => NotifyMode,
  clock: () => Clock,
  /** Runs a task as one event of the connection, so calls made by subscribers wait their turn. */
  run: (task: () => void) => void,
  onThrow: (error: unknown, source: object) => void,
  /** What rounds after socket events and timers run inside, if anything: the testing kit's sockets give React's `act`. */
  wrapper: () => ((round: () => void) => void) | undefined = () => undefined,
) {
  const listeners = new Set<Listener>()
  // rAF never fires in a hidden tab, and Node has none: a timer makes sure subscribers still hear.
  const fallback = createTimer(clock)
  let pending = false
  let animationFrame: number | undefined

  /** `wrap`: what the round runs inside, if anything (the testing kit's `act`). */
  function notify(wrap: (round: () => void) => void = (round) => round()) {
    if (!pending) return
    pending = false
    fallback.clear()
    // requestAnimationFrame's handles start at 1, so a handle is never falsy.
    if (animationFrame) cancelAnimationFrame(animationFrame)
    animationFrame = undefined
    const round = () => {
      for (const listener of listeners) {
        try {
          listener()
        } catch (error) {
          onThrow(error, listener)
        }
      }
    }
    // The kit's act catches what it rethrows itself (a component's render error).
    wrap(round)
  }
  const later = () => run(() => notify())

  return {
    subscribe(listener: Listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    /** The snapshot changed: schedule a notification by the mode (`'sync'` waits for the end of the event). */
    changed() {
      if (pending) return
      pending = true
      const current = mode()
      if (current === 'microtask') queueMicrotask(later)
      else if (current === 'frame') {
        const hasFrames = typeof requestAnimationFrame === 'function'
        if (hasFrames) animationFrame = requestAnimationFrame(later)
        fallback.set(later, hasFrames ? 100 : 16)
      }
    },
    /**
     * The end of an event: `'sync'` notifies now. A socket event or a timer comes from outside React, so this is
     * where the kit's `act` goes; a user's call may come from inside React's own work (an effect), where a nested
     * act would end React's.
     */
    eventEnded() {
      if (pending && mode() === 'sync') notify(wrapper())
    },
    /** The end of a user's own call: its result shows on the next render, with any pending frame changes. */
    flush: () => notify(),
  }
}
