/**
 * Failed sign-ins of names no account has, counted in memory exactly as the accounts table counts
 * them for real accounts, so that "locked" comes after the same number of tries whether or not
 * the account exists. Bounded: the oldest name is forgotten first.
 */
export class FailureTracker {
  readonly #entries = new Map<string, { failures: number; lockedUntil: number }>();
  readonly #maxEntries: number;

  constructor(maxEntries = 10_000) {
    this.#maxEntries = maxEntries;
  }

  lockedUntil(name: string, now: number): number | null {
    const entry = this.#entries.get(name);
    return entry && entry.lockedUntil > now ? entry.lockedUntil : null;
  }

  /** Counts a failure; answers the lock's end when this one reaches `maxFailures`. */
  fail(name: string, now: number, maxFailures: number, lockoutMs: number): number | null {
    const entry = this.#entries.get(name) ?? { failures: 0, lockedUntil: 0 };
    this.#entries.delete(name);
    entry.failures += 1;
    let locked: number | null = null;
    if (entry.failures >= maxFailures) {
      entry.failures = 0;
      entry.lockedUntil = now + lockoutMs;
      locked = entry.lockedUntil;
    }
    this.#entries.set(name, entry);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    return locked;
  }
}
