import * as React from 'react'

/**
 * Runs a task inside React's `act` where Testing Library has set up an act environment
 * (`IS_REACT_ACT_ENVIRONMENT`), so the renders it causes are done when it returns and React warns of nothing;
 * elsewhere (no React tree, or a runner without Testing Library), runs it as it is.
 */
export function inAct(task: () => void): void {
  // React 18.3 and 19 export `act`; 18.0–18.2 only `unstable_act`.
  const act = (React as { act?: typeof React.act }).act ?? (React as { unstable_act?: typeof React.act }).unstable_act
  if (!(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT || typeof act !== 'function')
    return task()
  try {
    void act(task)
  } catch (error) {
    // act rethrows a component's render error. Thrown from here it would end the socket event that notified (and
    // the events queued behind it), so it goes where uncaught errors go (a promise, not a timer: fake timers would
    // hold it back), and fails the test from there.
    if (typeof reportError === 'function') reportError(error)
    else void Promise.reject(error)
  }
}
