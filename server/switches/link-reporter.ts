/**
 * What an adapter says about its link to the switch: one `switch.status` event per change (up,
 * down, or down for another reason), and a log line per change plus a reminder while it stays
 * down, never a line per retry. A switch that never answered is as loud as one that dropped.
 */
import type { SwitchEventInput } from "../../shared/events.ts";
import type { Logger } from "../log.ts";
import { LogThrottle } from "./log-throttle.ts";

export interface LinkReporterOptions {
  /** `source` of the events, and their id prefix. */
  source: string;
  idPrefix: string;
  log: Logger;
  emit(event: SwitchEventInput): void;
  /** The time to stamp on a status event: the switch's, as far as it is known. */
  at(): number;
  /** @default Date.now */
  now?: () => number;
  /** How often to repeat that the link is still down. @default 60_000 */
  reminderMs?: number;
}

export class LinkReporter {
  #connected: boolean | null = null;
  #detail = "";
  #seq = 0;
  readonly #throttle: LogThrottle;

  constructor(private readonly o: LinkReporterOptions) {
    this.#throttle = new LogThrottle(o.reminderMs ?? 60_000, o.now ?? Date.now);
  }

  get connected(): boolean | null {
    return this.#connected;
  }

  get detail(): string {
    return this.#detail;
  }

  up(detail = ""): void {
    const changed = this.#connected !== true || this.#detail !== detail;
    if (!changed) return;
    if (this.#connected !== true) this.o.log.info({ detail }, "switch connected");
    this.#throttle.reset();
    this.#set(true, detail);
  }

  /** One failed attempt or a lost link; `context` goes to the log (e.g. the next retry). */
  down(reason: string, context: Record<string, unknown> = {}): void {
    const wasUp = this.#connected === true;
    const news = this.#connected !== false || this.#detail !== reason;
    const times = this.#throttle.pass(reason);
    if (times !== null) {
      const message = wasUp
        ? "switch connection lost"
        : news
          ? "switch not reachable"
          : "switch still not reachable";
      this.o.log.warn({ reason, ...context, ...(news ? {} : { attempts: times }) }, message);
    }
    if (news) this.#set(false, reason);
  }

  #set(connected: boolean, detail: string): void {
    this.#connected = connected;
    this.#detail = detail;
    const at = Math.round(this.o.at());
    this.#seq += 1;
    this.o.emit({
      id: `${this.o.idPrefix}:status:${this.#seq}`,
      v: 1,
      at,
      source: this.o.source,
      type: "switch.status",
      connected,
      detail: detail.slice(0, 500),
    });
  }
}
