/**
 * The live model: the state reduced from the event log, the switch clock it implies, the views
 * clients see with their sequence numbers, and the alerts. Pure: no timers, no promises, no I/O;
 * the live service feeds it log entries and the wall clock's time and publishes what it returns.
 */
import {
  AlertTracker,
  alertConditions,
  type Alert,
  type AlertThresholds,
} from "../../shared/alerts.ts";
import { stateFromJson, stateToJson, type StateJson } from "../../shared/checkpoint.ts";
import { parseSwitchEvent, type SwitchEvent } from "../../shared/events.ts";
import {
  INTERVAL_MS,
  intervalIndex,
  type IntervalCounts,
  type IntervalView,
} from "../../shared/intervals.ts";
import { expectedSwitchTime } from "../../shared/live-clock.ts";
import {
  giveBackOutbox,
  pruneOutbox,
  takeOutbox,
  type HistoryRecords,
} from "../../shared/live-intervals.ts";
import {
  applyEvent,
  createLiveState,
  DEFAULT_LIVE_LIMITS,
  fitReference,
  type LiveState,
} from "../../shared/live-state.ts";
import type { LiveLimits } from "../../shared/live-types.ts";
import type { Reference, Session } from "../../shared/reference.ts";
import { Timetable, type ScheduledSession } from "../../shared/schedule.ts";
import { toSnapshot, type Delta, type Snapshot } from "../../shared/snapshot.ts";
import { deltaOf, type ViewScalars } from "../../shared/views/delta.ts";
import { LiveViews } from "../../shared/views/live-views.ts";
import { emptyTouched, marksOf, noteEvent, type Touched } from "../../shared/views/touched.ts";
import { MAX_MESSAGE_BYTES, type LogEntry } from "../events/event-log.ts";

export interface LiveModelOptions {
  reference: Reference;
  /** The timetable, when the database of record holds it. @default the reference's sessions */
  sessions?: readonly Session[];
  thresholds: AlertThresholds;
  /** @default DEFAULT_LIVE_LIMITS */
  limits?: LiveLimits;
  /** Identifies this run's snapshots and deltas: a new epoch means start over from a snapshot. */
  epoch: string;
  /** Places the day until the log says what time it is. */
  now: number;
}

/** What a restart needs to start where the model left off. */
export interface Checkpoint {
  /** The last log entry applied; null when none was. */
  logId: string | null;
  state: StateJson;
}

export type EntryOutcome =
  { ok: true; event: SwitchEvent } | { ok: false; reason: string; detail: string };

export class LiveModel {
  readonly epoch: string;
  #state: LiveState;
  #lastLogId: string | null = null;
  #seq = 0;
  /** The views, kept up to date by what each entry touched. */
  #views: LiveViews;
  /** The views' whole-compared parts as of the last delta. */
  #sent: ViewScalars;
  #touched: Touched = emptyTouched();
  #at: number;
  #dirty = false;
  #lastWeek: IntervalView[] | null = null;
  readonly #alerts = new AlertTracker();
  readonly #timetable: Timetable;
  readonly #countyIds: string[];
  readonly #limits: LiveLimits;
  readonly #thresholds: AlertThresholds;

  constructor(options: LiveModelOptions, checkpoint: Checkpoint | null = null) {
    this.epoch = options.epoch;
    this.#limits = options.limits ?? DEFAULT_LIVE_LIMITS;
    this.#thresholds = options.thresholds;
    this.#timetable = new Timetable(
      options.sessions ? { sessions: options.sessions } : options.reference,
    );
    this.#countyIds = options.reference.counties.map((county) => county.id);
    const restored = checkpoint ? stateFromJson(checkpoint.state) : null;
    this.#state = restored ?? createLiveState(options.reference, options.now);
    if (restored && checkpoint) {
      fitReference(restored, options.reference, options.now);
      this.#lastLogId = checkpoint.logId;
    }
    this.#at = this.#state.clock.at ?? options.now;
    const sessionsNow = this.#timetable.at(this.#at);
    this.#views = new LiveViews(this.#state, this.#countyIds, this.#at, {
      sessionsNow,
      lastWeek: null,
      alerts: [],
    });
    this.#views.views.alerts = this.#alertsAt(this.#at, sessionsNow);
    this.#sent = this.#views.views;
  }

  /** Decodes, validates and applies one log entry; a bad one is refused with a counted reason. */
  apply(entry: LogEntry): EntryOutcome {
    this.#lastLogId = entry.id;
    const decoded = decode(entry.message);
    if (!decoded.ok) {
      this.#count(decoded.reason);
      return decoded;
    }
    const marks = marksOf(this.#state);
    const result = applyEvent(this.#state, decoded.event, entry.appendedAt, this.#limits);
    noteEvent(this.#touched, this.#state, decoded.event, marks, result.ok);
    if (!result.ok) return { ok: false, reason: result.reason, detail: decoded.event.type };
    this.#dirty = true;
    return { ok: true, event: decoded.event };
  }

  /** The switch's time at a wall-clock time, extrapolated from the last entries. */
  switchNow(wallNow: number): number {
    return this.#state.clock.at === null ? wallNow : expectedSwitchTime(this.#state.clock, wallNow);
  }

  /**
   * Computes the views at `now` (switch time) and returns the delta since the last one, or null
   * when nothing a client shows changed and no keep-alive is due.
   */
  flush(now: number, keepAlive: boolean, stale: string | null): Delta | null {
    const sessionsNow = this.#timetable.at(now);
    this.#views.touch(this.#touched);
    this.#touched = emptyTouched();
    const changes = this.#views.update(now, {
      sessionsNow,
      lastWeek: this.#lastWeek,
      alerts: [],
      stale,
    });
    const views = this.#views.views;
    views.alerts = this.#alertsAt(now, sessionsNow);
    const meta = { seq: this.#seq + 1, epoch: this.epoch, now };
    const delta = deltaOf(views, this.#sent, changes, meta, keepAlive);
    this.#dirty = false;
    if (!delta) return null;
    this.#seq = meta.seq;
    this.#sent = views;
    this.#at = now;
    return delta;
  }

  /** True when entries changed the state since the last flush. */
  get dirty(): boolean {
    return this.#dirty;
  }

  /** The state as of the latest sequence number: applying every delta up to it gives the same. */
  snapshot(): Snapshot {
    return toSnapshot(this.#views.views, { seq: this.#seq, epoch: this.epoch, now: this.#at });
  }

  checkpoint(): Checkpoint {
    return { logId: this.#lastLogId, state: stateToJson(this.#state) };
  }

  /** The published timetable changed (imported or edited): who should be on the line now. */
  setSessions(sessions: readonly Session[]): void {
    this.#timetable.replace(sessions);
    this.#dirty = true;
  }

  /** Closed intervals and finished calls not yet handed to the history. */
  takeRecords(): HistoryRecords {
    return takeOutbox(this.#state);
  }

  giveBackRecords(records: HistoryRecords): void {
    giveBackOutbox(this.#state, records);
  }

  /** An instance that does not write the history keeps a day of records, for a takeover. */
  pruneRecords(before: number): void {
    pruneOutbox(this.#state, before);
  }

  /** The same weekday last week, for the interval chart; null when history has none. */
  setLastWeek(views: IntervalView[] | null): void {
    this.#lastWeek = views;
    this.#dirty = true;
  }

  /** The simulator's speed when the log's clock is the simulator's; null for a real switch. */
  simulation(): { speed: number } | null {
    const { source, rate } = this.#state.clock;
    return source === "simulator" ? { speed: rate } : null;
  }

  get lastLogId(): string | null {
    return this.#lastLogId;
  }

  get seq(): number {
    return this.#seq;
  }

  get dayStart(): number {
    return this.#state.dayStart;
  }

  /** The day that ended last and its intervals, until the next one ends. */
  get previousDay(): LiveState["previousDay"] {
    return this.#state.previousDay;
  }

  get hasWaitingCalls(): boolean {
    return this.#views.views.province.waiting > 0;
  }

  /** Events refused since the state began, by reason. */
  get rejected(): Readonly<Record<string, number>> {
    return this.#state.rejected;
  }

  /** For tests and tools that look inside. */
  get state(): LiveState {
    return this.#state;
  }

  #count(reason: string): void {
    this.#state.rejected[reason] = (this.#state.rejected[reason] ?? 0) + 1;
  }

  /**
   * The alerts at `now`. Only lines with callers waiting or a session on, and counties with
   * callers waiting, can raise one: the others are not looked at.
   */
  #alertsAt(now: number, sessionsNow: readonly ScheduledSession[]): Alert[] {
    const { lines, counties } = this.#views.alertCandidates(sessionsNow);
    const conditions = alertConditions({
      lines,
      counties,
      officials: this.#views.views.officials,
      sessionsNow,
      lastInterval: this.#lastInterval(now),
      switch: this.#views.views.switch,
      now,
      thresholds: this.#thresholds,
    });
    return this.#alerts.update(conditions, now);
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
}

type Decoded = { ok: true; event: SwitchEvent } | { ok: false; reason: string; detail: string };

/** Size first, so a message of megabytes is never parsed; then JSON; then the schema. */
function decode(message: string): Decoded {
  if (message.length > MAX_MESSAGE_BYTES) {
    return { ok: false, reason: "oversized", detail: `${message.length} characters` };
  }
  let input: unknown;
  try {
    input = JSON.parse(message);
  } catch {
    return { ok: false, reason: "not-json", detail: "" };
  }
  const parsed = parseSwitchEvent(input);
  return parsed.ok ? parsed : { ok: false, reason: "invalid-event", detail: parsed.reason };
}
