import type { Settings } from './options'

type Policy = Exclude<Settings['reconnect'], false>

/** Closes worth retrying by default: going away, no status, abnormal, server error, restart, try again later, bad gateway. */
const RETRY_CODES = [1001, 1005, 1006, 1011, 1012, 1013, 1014]

export function retriesByDefault(code: number, opened: boolean): boolean {
  return !opened || RETRY_CODES.includes(code)
}

/** The wait before the n-th retry: uniform in [minDelay, min(maxDelay, minDelay · factor^(n−1))]. */
export function retryDelay(policy: Policy, retry: number, random: () => number): number {
  const bound = Math.min(policy.maxDelay, policy.minDelay * policy.factor ** (retry - 1))
  return policy.jitter ? policy.minDelay + random() * (bound - policy.minDelay) : bound
}
