import type { Settings } from './options'
import type { CloseFrame } from './types'

export type Policy = Exclude<Settings['reconnect'], false>

/**
 * The default answer: every failed connect, and the closes worth retrying: going away, no status, abnormal,
 * server error, restart, try again later, bad gateway.
 */
export function retriesByDefault(code: number, opened: boolean): boolean {
  return !opened || [1001, 1005, 1006, 1011, 1012, 1013, 1014].includes(code)
}

/** The retry a close would start: the count restarts once a socket stayed open `minUptime` (uptime -1: never opened). */
export function nextAttempt(policy: Policy, attempt: number, uptime: number): number {
  return (uptime >= policy.minUptime ? 0 : attempt) + 1
}

/**
 * What follows a close: the retry to wait for, `'exhausted'` when the policy ran out of attempts, or `'stop'`.
 * `wanted` is `shouldReconnect`'s answer, or undefined to let the default decide.
 */
export function decideRetry(
  policy: Policy | false,
  close: CloseFrame,
  opened: boolean,
  retry: number,
  wanted: boolean | undefined,
): number | 'exhausted' | 'stop' {
  if (!policy || !(wanted ?? retriesByDefault(close.code, opened))) return 'stop'
  return retry > policy.attempts ? 'exhausted' : retry
}

/**
 * The wait before the n-th retry, in whole milliseconds: uniform in [minDelay, min(maxDelay, minDelay · factor^(n−1))].
 * `draw` is a number in [0, 1); `jitter: false` waits the bound.
 */
export function retryDelay(policy: Policy, retry: number, draw: number): number {
  const bound = Math.min(policy.maxDelay, policy.minDelay * policy.factor ** (retry - 1))
  return Math.round(policy.jitter ? policy.minDelay + draw * (bound - policy.minDelay) : bound)
}
