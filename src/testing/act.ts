import * as React from 'react'

type ActGlobal = { IS_REACT_ACT_ENVIRONMENT?: boolean }

/**
 * Runs a task inside React's `act`, so the renders it causes are done when it returns and React warns of nothing.
 * As Testing Library's own `act` does, it declares an act environment for the call: a runner without globals,
 * where Testing Library cannot declare one for the whole file, gets the same immediate delivery.
 */
export function inAct(task: () => void): void {
  // React 18.3 and 19 export `act`; 18.0–18.2 only `unstable_act`. Production builds of React have no act.
  const act = (React as { act?: typeof React.act }).act ?? (React as { unstable_act?: typeof React.act }).unstable_act
  if (typeof act !== 'function' || process.env.NODE_ENV === 'production') return task()
  const global = globalThis as ActGlobal
  const previous = global.IS_REACT_ACT_ENVIRONMENT
  global.IS_REACT_ACT_ENVIRONMENT = true
  try {
    void act(task)
  } catch (error) {
    // act rethrows a component's render error. Thrown from here it would end the socket event that notified (and
    // the events queued behind it), so it goes where uncaught errors go (a promise, not a timer: fake timers would
    // hold it back), and fails the test from there.
    if (typeof reportError === 'function') reportError(error)
    else void Promise.reject(error)
  } finally {
    global.IS_REACT_ACT_ENVIRONMENT = previous
  }
}
