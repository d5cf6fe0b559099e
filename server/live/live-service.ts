/**
 * The live service: the thin shell around the pure live model. It starts from the last
 * checkpoint, reads the event log after it, follows the log, flushes views to clients at most
 * four times a second (and at least once a second, so a quiet switch is told from a dead link),
 * writes checkpoints, and keeps the days that end. Every instance runs one over the same log.
 */
import { randomUUID } from "node:crypto";
import type { AlertThresholds } from "../../shared/alerts.ts";
import { intervalViews } from "../../shared/intervals.ts";
import type { LiveLimits } from "../../shared/live-types.ts";
import type { Reference, Session } from "../../shared/reference.ts";
import type { Delta, Snapshot } from "../../shared/snapshot.ts";
import type { Counters } from "../counters.ts";
import type { EventLog, LogEntry, LogFollower } from "../events/event-log.ts";
import type { HistoryRecords } from "../../shared/live-intervals.ts";
import type { HistoryStore } from "../history/history-store.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../platform/metrics.ts";
import type { CheckpointStore } from "./checkpoint-store.ts";
import { LiveModel } from "./live-model.ts";
import type { Handover } from "../switches/switch-adapter.ts";
import { handoverOf } from "./handover.ts";

export interface LiveServiceOptions {
  reference: Reference;
  thresholds: AlertThresholds;
  /** @default DEFAULT_LIVE_LIMITS */
  limits?: LiveLimits;
  /** The timetable from the database of record. @default the reference's sessions */
  sessions?: readonly Session[];
  eventLog: EventLog;
  /** Null: every start reduces the whole log kept. */
  checkpoints: CheckpointStore | null;
  /** Where finished days are kept; null keeps none and shows no comparison. */
  history: HistoryStore | null;
  /** Where closed intervals and finished calls are written (by the leader); null: nowhere. */
  records?: RecordWriter | null;
  logger: Logger;
  counters: Counters;
  /** Whether this instance writes checkpoints and history (one instance does). @default always */
  isLeader?: () => boolean;
  /** @default Date.now */
  wallClock?: () => number;
  /** @default 250 (at most four deltas a second) */
  flushIntervalMs?: number;
  /** @default 1000 */
  keepAliveMs?: number;
  /** @default 15000 */
  checkpointEveryMs?: number;
  /** The figures count as frozen when no flush ran for this long. @default 8 flush intervals */
  frozenAfterMs?: number;
  /** Prometheus' registry, for refusals by reason, flush and emit times, deltas' bytes. */
  metrics?: Metrics;
}

export type DeltaListener = (delta: Delta) => void;

/** Writes the history's records; writing the same record twice must keep it once. */
export interface RecordWriter {
  write(records: HistoryRecords): Promise<void>;
}

/** How long an instance that does not write keeps records, for a takeover. */
const KEEP_UNWRITTEN_MS = 86_400_000;

/** How the live side is doing, for /healthz and /readyz. */
export interface LiveHealth {
  logConnected: boolean;
  /** The flush loop has not run for several intervals: the figures are frozen. */
  frozen: boolean;
  lastFlushAgoMs: number;
  /** Wall time since the last log entry arrived; null before any. */
  lastEntryAgoMs: number | null;
  lastLogId: string | null;
  rejected: Readonly<Record<string, number>>;
}

const READ_BATCH = 5_000;
const MAX_REJECT_LOGS_PER_FLUSH = 5;
/** Flush loops missed in a row before the figures count as frozen. */
const FROZEN_AFTER_FLUSHES = 8;

export class LiveService {
  readonly #model: LiveModel;
  readonly #options: LiveServiceOptions;
  readonly #wallClock: () => number;
  readonly #flushIntervalMs: number;
  #listeners = new Set<DeltaListener>();
  #follower: LogFollower | null = null;
  #timer: NodeJS.Timeout | null = null;
  #lastEmitWall: number;
  #lastFlushWall: number;
  #lastEntryWall: number | null = null;
  #lastCheckpointWall: number;
  #checkpointedId: string | null;
  #checkpointing = false;
  #writing: Promise<void> | null = null;
  #rejectLogs = 0;
  #savedDay = Number.NaN;
  #lastWeekFor = Number.NaN;
  #stopped = false;

  private constructor(model: LiveModel, options: LiveServiceOptions) {
    this.#model = model;
    this.#options = options;
    this.#wallClock = options.wallClock ?? Date.now;
    this.#flushIntervalMs = options.flushIntervalMs ?? 250;
    const now = this.#wallClock();
    this.#lastEmitWall = now;
    this.#lastFlushWall = now;
    this.#lastCheckpointWall = now;
    this.#checkpointedId = model.lastLogId;
  }

  /** Restores the last checkpoint, reads the log after it, then follows the log. */
  static async start(options: LiveServiceOptions): Promise<LiveService> {
    const wallNow = (options.wallClock ?? Date.now)();
    const checkpoint = await options.checkpoints?.load().catch((error: unknown) => {
      options.logger.warn(
        { err: (error as Error).message },
        "checkpoint unreadable; reading the log",
      );
      return null;
    });
    const model = new LiveModel(
      {
        reference: options.reference,
        sessions: options.sessions,
        thresholds: options.thresholds,
        limits: options.limits,
        epoch: randomUUID(),
        now: wallNow,
      },
      checkpoint ?? null,
    );
    const service = new LiveService(model, options);
    await service.#catchUp();
    service.#follow();
    service.flush();
    service.#timer = setInterval(() => service.#tick(), service.#flushIntervalMs);
    options.logger.info(
      { from: checkpoint?.logId ?? null, at: model.lastLogId, log: options.eventLog.kind },
      "live state restored from the checkpoint and the log",
    );
    return service;
  }

  snapshot(): Snapshot {
    return this.#model.snapshot();
  }

  onDelta(listener: DeltaListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The switch's current time as far as the log tells. */
  switchNow(): number {
    return this.#model.switchNow(this.#wallClock());
  }

  /** Where the log left off: a switch adapter starting on a new leader carries on from there. */
  resumePoint(): { switchTime: number | null; quietForMs: number | null } {
    const clock = this.#model.state.clock;
    if (clock.at === null) return { switchTime: null, quietForMs: null };
    return {
      switchTime: Math.max(clock.at, this.#model.state.switchTime),
      quietForMs: Math.max(0, this.#wallClock() - clock.appendedAt),
    };
  }

  /**
   * What the log knew of the switch, for an adapter taking over (a new leader, a restart). The
   * log is read to its end first: the follower may not have delivered the last entries of the
   * leader before (a Redis restart leaves a backlog), and a handover without them would hand on
   * counters that miss calls the log already holds, which the new adapter would count again.
   */
  async handover(): Promise<Handover> {
    const follower = this.#follower;
    if (follower && !this.#stopped) {
      this.#follower = null;
      await follower.close();
      try {
        await this.#catchUp();
      } finally {
        if (!this.#stopped) this.#follow();
      }
    }
    return handoverOf(this.#model.state, this.switchNow());
  }

  /** Set when the figures come from the simulator, whichever instance runs it. */
  simulation(): { speed: number } | null {
    return this.#model.simulation();
  }

  get model(): LiveModel {
    return this.#model;
  }

  health(): LiveHealth {
    const now = this.#wallClock();
    const lastFlushAgoMs = now - this.#lastFlushWall;
    return {
      logConnected: this.#options.eventLog.isConnected(),
      frozen:
        lastFlushAgoMs >
        (this.#options.frozenAfterMs ?? FROZEN_AFTER_FLUSHES * this.#flushIntervalMs),
      lastFlushAgoMs,
      lastEntryAgoMs: this.#lastEntryWall === null ? null : now - this.#lastEntryWall,
      lastLogId: this.#model.lastLogId,
      rejected: this.#model.rejected,
    };
  }

  /** Computes the views now and publishes a delta when something changed or one is due. */
  flush(): Delta | null {
    this.#rejectLogs = 0;
    this.#keepHistory();
    const wallNow = this.#wallClock();
    this.#lastFlushWall = wallNow;
    const keepAliveDue = wallNow - this.#lastEmitWall >= (this.#options.keepAliveMs ?? 1000);
    if (!this.#model.dirty && !keepAliveDue && !this.#model.hasWaitingCalls) return null;
    const stale = this.#options.eventLog.isConnected() ? null : "event-log";
    const metrics = this.#options.metrics;
    const stopFlush = metrics?.flushSeconds.startTimer();
    const delta = this.#model.flush(this.switchNow(), keepAliveDue, stale);
    stopFlush?.();
    if (!delta) return null;
    this.#lastEmitWall = wallNow;
    const stopEmit = metrics?.emitSeconds.startTimer();
    for (const listener of this.#listeners) listener(delta);
    stopEmit?.();
    metrics?.deltaBytes.observe(Buffer.byteLength(JSON.stringify(delta)));
    return delta;
  }

  /** Stops following and flushing; the leader writes a last checkpoint. Idempotent. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#follower?.close();
    this.#listeners.clear();
    this.#writeRecords();
    await this.#writing;
    await this.#checkpoint(true);
  }

  #tick(): void {
    try {
      this.flush();
      // Before this tick's write starts: a checkpoint waits for no write in flight.
      if (
        this.#wallClock() - this.#lastCheckpointWall >=
        (this.#options.checkpointEveryMs ?? 15_000)
      ) {
        void this.#checkpoint(false);
      }
      this.#writeRecords();
    } catch (error) {
      this.#options.counters.increment("live.flush-errors");
      this.#options.logger.error({ err: error }, "flush failed");
    }
  }

  async #catchUp(): Promise<void> {
    for (;;) {
      const entries = await this.#options.eventLog.read(this.#model.lastLogId, READ_BATCH);
      this.#applyEntries(entries);
      if (entries.length < READ_BATCH) return;
    }
  }

  #follow(): void {
    this.#follower = this.#options.eventLog.follow(this.#model.lastLogId, (entries) =>
      this.#applyEntries(entries),
    );
  }

  #applyEntries = (entries: LogEntry[]): void => {
    if (entries.length > 0) this.#lastEntryWall = this.#wallClock();
    const counters = this.#options.counters;
    for (const entry of entries) {
      const outcome = this.#model.apply(entry);
      if (outcome.ok) {
        counters.increment("events.applied");
        continue;
      }
      counters.increment(outcome.reason === "duplicate" ? "events.duplicate" : "events.rejected");
      this.#options.metrics?.eventsRejected.inc({ reason: outcome.reason });
      if (outcome.reason !== "duplicate" && this.#rejectLogs < MAX_REJECT_LOGS_PER_FLUSH) {
        this.#rejectLogs += 1;
        this.#options.logger.warn(
          { reason: outcome.reason, detail: outcome.detail, entry: entry.id },
          "event rejected",
        );
      }
    }
  };

  async #checkpoint(final: boolean): Promise<void> {
    const store = this.#options.checkpoints;
    if (!store || this.#checkpointing || !(this.#options.isLeader?.() ?? true)) return;
    // Records being written are out of the state's outbox: a checkpoint now would lose them to a
    // crash before the write ends. The next tick checkpoints them as written, or given back.
    if (this.#writing) return;
    if (this.#model.lastLogId === this.#checkpointedId && !final) return;
    this.#checkpointing = true;
    this.#lastCheckpointWall = this.#wallClock();
    const checkpoint = this.#model.checkpoint();
    try {
      await store.save(checkpoint);
      this.#checkpointedId = checkpoint.logId;
    } catch (error) {
      this.#options.counters.increment("live.checkpoint-failed");
      this.#options.logger.warn({ err: (error as Error).message }, "checkpoint not written");
    } finally {
      this.#checkpointing = false;
    }
  }

  /** The leader writes what closed; another instance keeps a day of it, should it lead next. */
  #writeRecords(): void {
    const writer = this.#options.records;
    if (!writer) {
      this.#model.takeRecords();
      return;
    }
    if (!(this.#options.isLeader?.() ?? true)) {
      this.#model.pruneRecords(this.#model.state.switchTime - KEEP_UNWRITTEN_MS);
      return;
    }
    if (this.#writing) return;
    const records = this.#model.takeRecords();
    const { intervals, calls, presence } = records;
    if (intervals.length === 0 && calls.length === 0 && presence.length === 0) return;
    this.#writing = writer.write(records).then(
      () => {
        this.#writing = null;
      },
      (error: unknown) => {
        this.#writing = null;
        this.#model.giveBackRecords(records);
        this.#options.counters.increment("history.write-failed");
        this.#options.logger.warn({ err: (error as Error).message }, "history records not written");
      },
    );
  }

  /** Saves the day that just ended and loads the same weekday of last week for comparison. */
  #keepHistory(): void {
    const history = this.#options.history;
    if (!history) return;
    const previous = this.#model.previousDay;
    const leader = this.#options.isLeader?.() ?? true;
    if (leader && previous && previous.dayStart !== this.#savedDay) {
      this.#savedDay = previous.dayStart;
      history.saveDay(previous.dayStart, previous.intervals).catch((error: unknown) => {
        this.#options.counters.increment("history.save-failed");
        this.#options.logger.warn({ err: (error as Error).message }, "history save failed");
      });
    }
    const dayStart = this.#model.dayStart;
    if (dayStart === this.#lastWeekFor) return;
    this.#lastWeekFor = dayStart;
    this.#model.setLastWeek(null);
    const weekAgo = dayStart - 7 * 86_400_000;
    history.loadDay(weekAgo).then(
      (intervals) => {
        if (this.#lastWeekFor !== dayStart) return;
        this.#model.setLastWeek(
          intervals ? intervalViews(intervals, weekAgo, weekAgo + 86_400_000 - 1) : null,
        );
      },
      (error: unknown) => {
        this.#options.counters.increment("history.load-failed");
        this.#options.logger.warn({ err: (error as Error).message }, "history load failed");
      },
    );
  }
}
