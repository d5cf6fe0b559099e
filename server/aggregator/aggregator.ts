/**
 * Reduces the bus's events into the live state and publishes what clients see: a snapshot on
 * request and sequenced deltas, coalesced to at most one per flush interval whatever the event
 * rate, and at least one per keep-alive interval so clients can tell a quiet switch from a dead
 * connection. Each server instance runs its own aggregator over the same events.
 */
import { randomUUID } from "node:crypto";
import { AlertTracker, alertConditions, type AlertThresholds } from "../../shared/alerts.ts";
import { decodeSwitchEvent } from "../../shared/events.ts";
import {
  INTERVAL_MS,
  intervalIndex,
  intervalViews,
  type IntervalCounts,
  type IntervalView,
} from "../../shared/intervals.ts";
import {
  advanceClock,
  applyEvent,
  createLiveState,
  type LiveState,
} from "../../shared/live-state.ts";
import type { Reference } from "../../shared/reference.ts";
import { Timetable } from "../../shared/schedule.ts";
import {
  computeViews,
  toDelta,
  toSnapshot,
  type Delta,
  type Snapshot,
  type Views,
} from "../../shared/snapshot.ts";
import type { Counters } from "../counters.ts";
import type { HistoryStore } from "../history/history-store.ts";
import type { Logger } from "../log.ts";
import { SwitchClock } from "./switch-clock.ts";

export interface AggregatorOptions {
  reference: Reference;
  log: Logger;
  counters: Counters;
  thresholds: AlertThresholds;
  /** Where finished days are kept; null keeps none and shows no comparison. */
  history: HistoryStore | null;
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
  readonly #timetable: Timetable;
  readonly #alerts = new AlertTracker();
  readonly #thresholds: AlertThresholds;
  readonly #history: HistoryStore | null;
  /** The day whose last-week comparison is loaded (or loading), and that comparison. */
  #lastWeekFor = Number.NaN;
  #lastWeek: IntervalView[] | null = null;
  #savedDay = Number.NaN;
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
    this.#timetable = new Timetable(options.reference);
    this.#thresholds = options.thresholds;
    this.#history = options.history;
    const wallNow = this.#wallClock();
    this.#clock = new SwitchClock();
    this.#state = createLiveState(options.reference, wallNow);
    this.#countyIds = options.reference.counties.map((county) => county.id);
    this.#at = wallNow;
    this.#lastEmitWall = wallNow;
    this.#keepHistory();
    this.#views = this.#computeViews(wallNow);
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
    if (event.type === "switch.heartbeat") {
      this.#clock.observeHeartbeat(event.at, this.#wallClock(), event.rate);
    } else {
      this.#clock.observeEvent(event.at, this.#wallClock());
    }
    const overflowed = this.#state.overflowed;
    if (applyEvent(this.#state, event)) {
      this.#counters.increment("events.applied");
      this.#dirty = true;
    } else if (this.#state.overflowed > overflowed) {
      this.#counters.increment("events.overflowed");
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
    const expired = this.#state.expiredCalls;
    if (advanceClock(this.#state, now)) this.#dirty = true;
    this.#counters.increment("calls.expired", this.#state.expiredCalls - expired);
    const keepAliveDue = wallNow - this.#lastEmitWall >= this.#keepAliveMs;
    const hasWaiting = this.#views.province.waiting > 0;
    if (!this.#dirty && !keepAliveDue && !hasWaiting) return null;
    this.#keepHistory();
    const views = this.#computeViews(now);
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

  #computeViews(now: number): Views {
    const sessionsNow = this.#timetable.at(now);
    const views = computeViews(this.#state, this.#countyIds, now, {
      sessionsNow,
      lastWeek: this.#lastWeek,
      alerts: [],
    });
    const conditions = alertConditions({
      lines: [...views.lines.values()],
      counties: [...views.counties.values()],
      officials: views.officials,
      sessionsNow,
      lastInterval: this.#lastInterval(now),
      now,
      thresholds: this.#thresholds,
    });
    views.alerts = this.#alerts.update(conditions, now);
    return views;
  }

  /** Each county's counts in the last complete interval of today. */
  #lastInterval(now: number): Map<string, IntervalCounts> {
    const out = new Map<string, IntervalCounts>();
    if (now - this.#state.dayStart < INTERVAL_MS) return out;
    const index = intervalIndex(this.#state.dayStart, now) - 1;
    for (const [county, intervals] of this.#state.intervals) {
      const counts = intervals[index];
      if (county && counts) out.set(county, counts);
    }
    return out;
  }

  /** Saves the day that just ended and loads the same weekday of last week for comparison. */
  #keepHistory(): void {
    const history = this.#history;
    if (!history) return;
    const previous = this.#state.previousDay;
    if (previous && previous.dayStart !== this.#savedDay) {
      this.#savedDay = previous.dayStart;
      history.saveDay(previous.dayStart, previous.intervals).catch((error: unknown) => {
        this.#counters.increment("history.save-failed");
        this.#log.warn({ err: (error as Error).message }, "history save failed");
      });
    }
    const dayStart = this.#state.dayStart;
    if (dayStart === this.#lastWeekFor) return;
    this.#lastWeekFor = dayStart;
    this.#lastWeek = null;
    const weekAgo = dayStart - 7 * 86_400_000;
    history.loadDay(weekAgo).then(
      (intervals) => {
        if (this.#lastWeekFor !== dayStart || !intervals) return;
        this.#lastWeek = intervalViews(intervals, weekAgo, weekAgo + 86_400_000 - 1);
        this.#dirty = true;
      },
      (error: unknown) => {
        this.#counters.increment("history.load-failed");
        this.#log.warn({ err: (error as Error).message }, "history load failed");
      },
    );
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
