/**
 * Turns an adapter's running totals of dropped input (per reason) into counters on /healthz and
 * a throttled log line that says how much was dropped since the last one, and why.
 */
import type { Counters } from "../counters.ts";
import type { Logger } from "../log.ts";
import { LogThrottle } from "./log-throttle.ts";

export interface DropReporterOptions {
  /** Counter names are `${prefix}.${kind}`, e.g. `ami.dropped.garbage`. */
  prefix: string;
  counters: Counters;
  log: Logger;
  /** @default Date.now */
  now?: () => number;
  /** Shortest time between two log lines. @default 60_000 */
  everyMs?: number;
}

export class DropReporter {
  readonly #reported = new Map<string, number>();
  readonly #unlogged = new Map<string, number>();
  readonly #throttle: LogThrottle;

  constructor(private readonly o: DropReporterOptions) {
    this.#throttle = new LogThrottle(o.everyMs ?? 60_000, o.now ?? Date.now);
  }

  /**
   * @param totals drops so far per kind (they only grow)
   * @param reasons the last reason per kind, in words that hold no switch text unmasked
   */
  report(totals: Record<string, number>, reasons: Record<string, string> = {}): void {
    const fresh: string[] = [];
    for (const [kind, total] of Object.entries(totals)) {
      const delta = total - (this.#reported.get(kind) ?? 0);
      if (delta <= 0) continue;
      this.#reported.set(kind, total);
      this.o.counters.increment(`${this.o.prefix}.${kind}`, delta);
      this.#unlogged.set(kind, (this.#unlogged.get(kind) ?? 0) + delta);
      fresh.push(kind);
    }
    if (fresh.length === 0 || this.#throttle.pass("dropped") === null) return;
    const why = Object.fromEntries(
      fresh.filter((kind) => reasons[kind]).map((kind) => [kind, reasons[kind]]),
    );
    this.o.log.warn(
      {
        dropped: Object.fromEntries(this.#unlogged),
        ...(fresh.some((k) => reasons[k]) ? { why } : {}),
      },
      "switch input dropped",
    );
    this.#unlogged.clear();
  }
}
