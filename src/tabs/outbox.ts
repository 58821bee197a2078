import type { Command } from './wire'

/**
 * A tab's commands to the leader, numbered 1, 2, 3, … and kept until a leader's snapshot says it carried them
 * out. What a leader that went never did is still here for the next one, in order.
 */
export function createOutbox() {
  let last = 0
  let entries: { n: number; command: Command }[] = []
  return {
    /** Numbers and keeps a command; returns its number. */
    add(command: Command): number {
      entries.push({ n: ++last, command })
      return last
    },
    /** Forgets one that never left (it could not be posted). */
    remove(n: number) {
      entries = entries.filter((entry) => entry.n !== n)
    },
    /** The leader carried out every command up to `n`. */
    acked(n: number) {
      if (entries.length > 0 && entries[0]!.n <= n) entries = entries.filter((entry) => entry.n > n)
    },
    /** What is still waiting, oldest first. */
    waiting: () => entries,
    /** Takes everything out, to carry it out here (this tab leads now, or goes on its own). */
    drain() {
      const all = entries
      entries = []
      return all
    },
  }
}
