/**
 * Runs a switch adapter and appends what it says to the event log, in order. When the log is
 * unreachable (Redis down) the events wait in a bounded buffer and are appended once it is back;
 * only the oldest beyond the bound are dropped, and counted. A message too big for the log is
 * dropped alone, counted, and the rest of its batch is kept.
 */
import type { SwitchEventInput } from "../../shared/events.ts";
import type { Counters } from "../counters.ts";
import { MAX_MESSAGE_BYTES, type EventLog } from "../events/event-log.ts";
import type { Logger } from "../log.ts";
import type { SwitchAdapter } from "./switch-adapter.ts";

export interface SwitchRunnerOptions {
  adapter: SwitchAdapter;
  eventLog: EventLog;
  counters: Counters;
  logger: Logger;
  /** Events held while the log is unreachable. @default 200000 */
  maxBuffered?: number;
  /** @default 1000 */
  batchSize?: number;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 2_000;

export class SwitchRunner {
  readonly #options: SwitchRunnerOptions;
  #buffer: string[] = [];
  #pumping: Promise<void> | null = null;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #running = false;
  #handingOver = false;

  constructor(options: SwitchRunnerOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#options.adapter.start((events) => this.#enqueue(events));
  }

  /**
   * Stops the adapter and appends what it said last. Handing over to another instance, the
   * adapter's "disconnected" is left out: it could land after the successor's "connected" and
   * show a switch down that is not. Idempotent.
   */
  async stop(options: { handOver?: boolean } = {}): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#handingOver = options.handOver ?? false;
    await this.#options.adapter.stop();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#pumping;
    await this.#pump();
  }

  /** Events waiting for the log. */
  get buffered(): number {
    return this.#buffer.length;
  }

  get adapter(): SwitchAdapter {
    return this.#options.adapter;
  }

  #enqueue(events: SwitchEventInput[]): void {
    const { counters } = this.#options;
    for (const event of events) {
      if (this.#handingOver && event.type === "switch.status") continue;
      const message = JSON.stringify(event);
      if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
        counters.increment("switch.oversized-events");
        continue;
      }
      this.#buffer.push(message);
    }
    const excess = this.#buffer.length - (this.#options.maxBuffered ?? 200_000);
    if (excess > 0) {
      this.#buffer.splice(0, excess);
      counters.increment("switch.buffer-overflow", excess);
    }
    void this.#pump();
  }

  #pump(): Promise<void> {
    if (this.#pumping || this.#retryTimer) return this.#pumping ?? Promise.resolve();
    this.#pumping = this.#appendBuffered().finally(() => {
      this.#pumping = null;
    });
    return this.#pumping;
  }

  async #appendBuffered(): Promise<void> {
    const { eventLog, counters, logger } = this.#options;
    try {
      while (this.#buffer.length > 0) {
        const batch = this.#buffer.slice(0, this.#options.batchSize ?? 5_000);
        await eventLog.append(batch);
        this.#buffer.splice(0, batch.length);
        counters.increment("events.appended", batch.length);
        if (this.#failures > 0) {
          logger.info(
            { after: this.#failures },
            "event log reachable again; buffered events appended",
          );
        }
        this.#failures = 0;
      }
    } catch (error) {
      this.#failures += 1;
      counters.increment("events.append-failed");
      const waitMs = Math.min(RETRY_MIN_MS * 2 ** this.#failures, RETRY_MAX_MS);
      if (this.#failures === 1 || this.#failures % 30 === 0) {
        logger.warn(
          { err: (error as Error).message, buffered: this.#buffer.length, retryMs: waitMs },
          "event log unreachable; holding the switch's events",
        );
      }
      if (this.#running) {
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = null;
          void this.#pump();
        }, waitMs);
      }
    }
  }
}
