/**
 * Keeps a repeated complaint to a few log lines: says it when it changes, then at most once per
 * interval while it lasts, with how many times it happened in between.
 */
export class LogThrottle {
  #key: string | null = null;
  #loggedAt = -Infinity;
  #since = 0;

  /**
   * @param everyMs shortest time between two lines about the same thing. @default 60_000
   * @param now the clock. @default Date.now
   */
  constructor(
    private readonly everyMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records one occurrence; returns null when it should stay quiet, else how many occurrences
   * (this one included) the line speaks for.
   */
  pass(key: string): number | null {
    this.#since += 1;
    const at = this.now();
    if (key === this.#key && at - this.#loggedAt < this.everyMs) return null;
    this.#key = key;
    this.#loggedAt = at;
    const count = this.#since;
    this.#since = 0;
    return count;
  }

  /** Forgets the last key: the next occurrence is news again. */
  reset(): void {
    this.#key = null;
    this.#since = 0;
  }
}
