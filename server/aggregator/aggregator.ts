/**
 * Reduces the bus's events into the live state and publishes what clients see: a snapshot on
 * request and sequenced deltas, coalesced to at most one per flush interval whatever the event
 * rate, and at least one per keep-alive interval so clients can tell a quiet switch from a dead
 * connection. Each server instance runs its own aggregator over the same events.
 */
import { randomUUID } from "node:crypto";
import { decodeSwitchEvent } from "../../shared/events.ts";
import {
  advanceClock,
  applyEvent,
  createLiveState,
  type LiveState,
} from "../../shared/live-state.ts";
import type { Reference } from "../../shared/reference.ts";
import {
  computeViews,
  toDelta,
  toSnapshot,
  type Delta,
  type Snapshot,
  type Views,
} from "../../shared/snapshot.ts";
import type { Counters } from "../counters.ts";
import type { Logger } from "../log.ts";
import { SwitchClock } from "./switch-clock.ts";

export interface AggregatorOptions {
  reference: Reference;
  log: Logger;
  counters: Counters;
  /** The wall clock. @default Date.now */
  wallClock?: () => number;
  /** @default 250 (at most four deltas a second) */
  flushIntervalMs?: number;
  /** @default 1000 */
  keepAliveMs?: number;
}

export type DeltaListener = (delta: Delta) => void;

const MAX_REJECT_LOGS_PER_FLUSH = 5;

export class Aggregator {
  readonly epoch = randomUUID();
  #state: LiveState;
  #clock: SwitchClock;
  #countyIds: string[];
  #views: Views;
  #seq = 0;
  #at: number;
  #dirty = false;
  #lastEmitWall: number;
  #listeners = new Set<DeltaListener>();
  #timer: NodeJS.Timeout | null = null;
  #rejectLogs = 0;
  readonly #wallClock: () => number;
  readonly #flushIntervalMs: number;
  readonly #keepAliveMs: number;
  readonly #log: Logger;
  readonly #counters: Counters;

  constructor(options: AggregatorOptions) {
    this.#wallClock = options.wallClock ?? Date.now;
    this.#flushIntervalMs = options.flushIntervalMs ?? 250;
    this.#keepAliveMs = options.keepAliveMs ?? 1000;
    this.#log = options.log;
    this.#counters = options.counters;
    const wallNow = this.#wallClock();
    this.#clock = new SwitchClock(wallNow);
    this.#state = createLiveState(options.reference, wallNow);
    this.#countyIds = options.reference.counties.map((county) => county.id);
    this.#at = wallNow;
    this.#lastEmitWall = wallNow;
    this.#views = computeViews(this.#state, this.#countyIds, wallNow);
  }

  /** Handles one bus message. Never throws: a bad message is counted, logged and dropped. */
  handleMessage = (message: string): void => {
    const result = decodeSwitchEvent(message);
    if (!result.ok) {
      this.#counters.increment("events.rejected");
      if (this.#rejectLogs < MAX_REJECT_LOGS_PER_FLUSH) {
        this.#rejectLogs += 1;
        this.#log.warn({ reason: result.reason, bytes: message.length }, "event rejected");
      }
      return;
    }
    const event = result.event;
    const rate = event.type === "switch.heartbeat" ? event.rate : undefined;
    this.#clock.observe(event.at, this.#wallClock(), rate);
    if (applyEvent(this.#state, event)) {
      this.#counters.increment("events.applied");
      this.#dirty = true;
    } else {
      this.#counters.increment("events.duplicate");
    }
  };

  /** The state as of the latest sequence number: applying every delta up to it gives the same. */
  snapshot(): Snapshot {
    return toSnapshot(this.#views, { seq: this.#seq, epoch: this.epoch, now: this.#at });
  }

  onDelta(listener: DeltaListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Computes the views now and publishes a delta when something changed or one is due. */
  flush(): Delta | null {
    this.#rejectLogs = 0;
    const wallNow = this.#wallClock();
    const now = this.#clock.now(wallNow);
    if (advanceClock(this.#state, now)) this.#dirty = true;
    const keepAliveDue = wallNow - this.#lastEmitWall >= this.#keepAliveMs;
    const hasWaiting = this.#views.province.waiting > 0;
    if (!this.#dirty && !keepAliveDue && !hasWaiting) return null;
    const views = computeViews(this.#state, this.#countyIds, now);
    const meta = { seq: this.#seq + 1, epoch: this.epoch, now };
    const delta = toDelta(views, this.#views, meta, keepAliveDue);
    this.#dirty = false;
    if (!delta) return null;
    this.#seq = meta.seq;
    this.#views = views;
    this.#at = now;
    this.#lastEmitWall = wallNow;
    for (const listener of this.#listeners) listener(delta);
    return delta;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      try {
        this.flush();
      } catch (error) {
        this.#counters.increment("aggregator.flush-errors");
        this.#log.error({ err: error }, "flush failed");
      }
    }, this.#flushIntervalMs);
  }

  /** Idempotent. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
  }

  get seq(): number {
    return this.#seq;
  }

  /** The switch's current time as far as this aggregator can tell. */
  switchNow(): number {
    return this.#clock.now(this.#wallClock());
  }
}
