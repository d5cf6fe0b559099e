/**
 * The shapes of the live state, in a module of their own so that the reducer's parts (calls,
 * officials, clock) and the views import types from here and never from each other.
 */
import type { EventOf, PhoneState } from "./events.ts";
import type { IntervalCounts } from "./intervals.ts";

/** Counters since 00:00 Tehran time; reset at the day boundary. */
export interface LineCounters {
  offered: number;
  answered: number;
  abandoned: number;
  /** Abandons sooner than the line's short-abandon threshold (a subset of `abandoned`). */
  shortAbandoned: number;
  timedOut: number;
  /** Left unanswered because the line was empty, by key press or by transfer. */
  leftUnanswered: number;
  /** Calls closed with no outcome: the switch never said how they ended (docs/metrics.md). */
  lost: number;
  /** Answered within the line's service-level threshold. */
  answeredInServiceLevel: number;
  /** Abandoned or timed out within the service-level threshold (Asterisk's SL2 numerator). */
  lostInServiceLevel: number;
  /** Conversations that ended, and those whose wait was within the service level. */
  completed: number;
  completedInServiceLevel: number;
  /** Completions the switch counted too (Asterisk's Completed), and those within the threshold. */
  switchCompleted: number;
  switchCompletedInServiceLevel: number;
  waitAnsweredSec: number;
  talkSec: number;
  longestWaitSec: number;
  /**
   * Calls of these counts whose outcome the switch's own counters told after an outage, not its
   * events (line.reconciled): the figures hold them, reconstructed rather than observed.
   */
  reconstructed: number;
}

export interface Membership {
  paused: boolean;
  reason: string;
  since: number;
  /** False after the switch restarted, until it reports this membership again. */
  known: boolean;
  /** Switch time the presence span being recorded began (see PresenceRecord). */
  spanFrom: number;
}

export interface LineLive {
  id: string;
  county: string | null;
  agency: string | null;
  serviceLevelSec: number;
  shortAbandonSec: number;
  /** False for a queue the reference data does not know. */
  known: boolean;
  counters: LineCounters;
  /** Calls waiting now: call id → time it joined. */
  waiting: Map<string, number>;
  members: Map<string, Membership>;
  /**
   * The switch's own counters for the line's queue as the adapter last expected them
   * (`line.switch-tally`), for an adapter that takes over; absent until an adapter sends one.
   */
  switchTally?: SwitchTally;
}

/** The counters of `line.switch-tally`. */
export type SwitchTally = Omit<
  EventOf<"line.switch-tally">,
  "id" | "v" | "at" | "source" | "type" | "line"
>;

export interface OfficialLive {
  id: string;
  name: string;
  known: boolean;
  phone: PhoneState;
  phoneSince: number;
  /** The line of the call being offered or talked to. */
  callLine: string | null;
  answered: number;
  talkSec: number;
  /** Switch time up to which the official's time on lines is in the history's intervals. */
  accountedAt: number;
}

/** One call from joining a line to its outcome: a call is answered at most once, ends once. */
export interface CallLive {
  line: string;
  joinedAt: number;
  status: "waiting" | "answered";
  official: string | null;
  answeredAt: number | null;
  /** The switch time of the call's latest event: a call with no news for too long is lost. */
  newsAt: number;
  /** The caller's keyed pseudonym, when the switch gave one. */
  caller: string | null;
}

/**
 * A line's calls in one 15-minute interval, as the history keeps them: the day's counter set, so
 * every figure of the wall (and Asterisk's service levels) can be computed again from stored rows.
 */
export type LineIntervalCounts = LineCounters;

/** An official's calls and time in one interval. */
export interface OfficialIntervalCounts {
  answered: number;
  talkSec: number;
  /** Seconds a member of at least one line (memberships the switch has confirmed). */
  loggedInSec: number;
  /** …of them free to take a call, on a call, and paused on every line. */
  availableSec: number;
  onCallSec: number;
  pausedSec: number;
}

/** One closed interval of one line or official, waiting to be written. */
export type ClosedIntervalRecord =
  | {
      start: number;
      kind: "line";
      id: string;
      county: string | null;
      agency: string | null;
      counts: LineIntervalCounts;
    }
  | {
      start: number;
      kind: "official";
      id: string;
      county: null;
      agency: null;
      counts: OfficialIntervalCounts;
    };

export const CALL_OUTCOMES = ["answered", "abandoned", "timeout", "left", "lost", "gone"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** One finished call: the basis of drill-downs and of the abandoned-calls list. */
export interface CallRecord {
  line: string;
  call: string;
  caller: string | null;
  official: string | null;
  joinedAt: number;
  answeredAt: number | null;
  endedAt: number;
  waitSec: number;
  talkSec: number;
  outcome: CallOutcome;
}

/**
 * An official's presence on one line, for schedule attendance: logged in there from `from` to
 * `to`, paused or not. Spans end at each change and at each interval's end, so the history holds
 * presence up to the last closed interval.
 */
export interface PresenceRecord {
  official: string;
  line: string;
  from: number;
  to: number;
  paused: boolean;
}

export interface OpenInterval {
  start: number;
  lines: Map<string, LineIntervalCounts>;
  officials: Map<string, OfficialIntervalCounts>;
}

/**
 * The switch's clock as the log tells it: the latest switch time accepted, the log's own time of
 * the entry that said so, and how fast the switch's clock runs (the simulator's speed).
 */
export interface LiveClock {
  /** Null until the first entry is accepted. */
  at: number | null;
  appendedAt: number;
  rate: number;
  /** The adapter whose heartbeat set the rate ("simulator" when the figures are simulated). */
  source: string | null;
  /** True right after a switch.status: the next heartbeat may set the clock anywhere ahead. */
  rebaseAllowed: boolean;
}

/**
 * Bounds on what a single event may do, judged against the switch clock (docs/events.md). Every
 * instance reducing the same log must use the same limits.
 */
export interface LiveLimits {
  /** An event further ahead of the switch clock than this is rejected. @default 120000 */
  maxAheadMs: number;
  /** An event further behind the switch clock than this is rejected. @default 7200000 */
  maxBehindMs: number;
  /** A waiting call with no news for this long is closed as lost. @default 7200000 */
  maxWaitMs: number;
  /** An answered call with no news for this long is closed as lost. @default 14400000 */
  maxTalkMs: number;
  /** A reported wait or talk time further than this from the call's own times is corrected. @default 5 */
  durationToleranceSec: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxAheadMs: 120_000,
  maxBehindMs: 2 * 3_600_000,
  maxWaitMs: 2 * 3_600_000,
  maxTalkMs: 4 * 3_600_000,
  durationToleranceSec: 5,
};

export interface LiveState {
  dayStart: number;
  nextDayStart: number;
  lines: Map<string, LineLive>;
  /** Today's calls per 15-minute interval, by county id ("" for lines of no known county). */
  intervals: Map<string, IntervalCounts[]>;
  /** The province's intervals of the day that ended last, kept until the next day ends. */
  previousDay: { dayStart: number; intervals: IntervalCounts[] } | null;
  officials: Map<string, OfficialLive>;
  /** Calls waiting or talking now. */
  calls: Map<string, CallLive>;
  /** Calls that reached their outcome recently: a later event about one is out of order. */
  finishedCalls: Set<string>;
  finishedOrder: string[];
  clock: LiveClock;
  /** The switch's latest known time (the clock's, or the creation time before it is known). */
  switchTime: number;
  /** The switch time at which calls with no news are next looked for. */
  nextSweepAt: number;
  lastEventAt: number | null;
  switchConnected: boolean | null;
  switchDetail: string;
  /** Ids seen recently, to drop a duplicate delivered twice. */
  recentIds: Set<string>;
  recentIdOrder: string[];
  /** Lines and officials the reference data does not know, created from events so far. */
  unknownLines: number;
  unknownOfficials: number;
  /** Events refused, by reason (duplicate, ahead-of-clock, call-not-waiting, …). */
  rejected: Record<string, number>;
  /** Reported waits and talk times replaced by the call's own times. */
  correctedDurations: number;
  /** Calls closed with no outcome since the state began (all days). */
  lostCalls: number;
  /** The lines each official is a member of now: official → line ids. */
  memberOf: Map<string, Set<string>>;
  /** The history interval the switch clock is in. */
  openInterval: OpenInterval;
  /** Closed intervals and finished calls the leader has not written yet. */
  outbox: {
    intervals: ClosedIntervalRecord[];
    calls: CallRecord[];
    presence: PresenceRecord[];
    dropped: number;
  };
}
