/** A switch adapter that makes synthetic traffic (traffic.ts) at a rate when told to. */
import type { SwitchEventInput } from "../../shared/events.ts";
import type { EventSink, SwitchAdapter } from "../../server/switches/switch-adapter.ts";
import type { Traffic } from "../../test/support/traffic.ts";

const now = (): number => performance.timeOrigin + performance.now();

/** Makes events at a rate when told to, as a switch adapter: the runner appends them to the log. */
export class TrafficAdapter implements SwitchAdapter {
  readonly kind = "bench";
  #sink: EventSink | null = null;
  readonly traffic: Traffic;
  #stopRun = false;
  constructor(traffic: Traffic) {
    this.traffic = traffic;
  }
  async start(sink: EventSink): Promise<void> {
    this.#sink = sink;
    sink(this.traffic.logins(Date.now()));
  }
  async stop(): Promise<void> {
    this.#sink = null;
  }
  async command() {
    return { ok: false as const, error: "bench" };
  }
  /** Ends a run early. */
  stopRun(): void {
    this.#stopRun = true;
  }

  /** Emits `rate` events a second for `seconds`; resolves with the time each join was made. */
  run(rate: number, seconds: number): Promise<number[]> {
    this.#stopRun = false;
    const joins: number[] = [];
    const started = now();
    let made = 0;
    let beatAt = 0;
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        const t = now();
        const due = Math.min(rate * seconds, Math.floor(((t - started) / 1000) * rate));
        const events: SwitchEventInput[] = [];
        if (t - beatAt >= 1000) {
          beatAt = t;
          events.push(this.traffic.heartbeat(Math.floor(t)));
        }
        for (; made < due; made += 1) {
          const event = this.traffic.next(Math.floor(t));
          if (event.type === "call.joined") joins.push(t);
          events.push(event);
        }
        this.#sink?.(events);
        if (made >= rate * seconds || this.#stopRun) {
          clearInterval(timer);
          resolve(joins);
        }
      }, 5);
    });
  }
}
