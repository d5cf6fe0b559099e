/**
 * The normalized call-state event contract. Every switch adapter (simulator, Asterisk AMI,
 * Asterisk queue_log) produces these events and nothing else; the aggregator consumes them.
 * Documented in docs/events.md. Validated at every edge with `parseSwitchEvent`.
 */
import { z } from "zod";

export const EVENT_SCHEMA_VERSION = 1;

const id = z.string().min(1).max(200);
/** Ten days: far above any wait or talk, far below what would overflow a sum. */
const seconds = z.number().finite().nonnegative().max(864_000);
/**
 * Up to 2100-01-01: beyond it a time is garbage (and beyond 8.64e15 not even a Date). Within it,
 * the reducer judges each time against the switch clock, so 1970 and 2099 are refused there.
 */
const time = z.number().int().nonnegative().max(4_102_444_800_000);

/** What one reconciliation may add: far above what a line takes in a day's outage. */
const reconciledCount = z.number().int().nonnegative().max(100_000);
/** A sum of waits or talks of that many calls, bounded like the counts. */
const reconciledSeconds = z
  .number()
  .finite()
  .nonnegative()
  .max(100_000 * 86_400);

/** A counter the switch keeps since its queue was loaded. */
const switchCounter = z.number().int().nonnegative().max(1_000_000_000);

/** Fields every event carries. `at` is the switch's own time, epoch milliseconds. */
const base = {
  id,
  v: z.literal(EVENT_SCHEMA_VERSION),
  at: time,
  /** Which adapter produced the event: "simulator", "ami", "queuelog". */
  source: z.string().min(1).max(40),
};

/** Events about one line (a queue on the switch); `line` is the switch's queue name. */
const onLine = { ...base, line: id };
const ofCall = { ...onLine, call: id };
const ofOfficial = { ...onLine, official: id };

/** What the official's phone is doing, as the switch sees the device. */
export const PHONE_STATES = ["available", "ringing", "on-call", "wrap-up", "offline"] as const;
export type PhoneState = (typeof PHONE_STATES)[number];

/**
 * An official's state on the wall: the phone's state, or paused when paused on every line, or
 * unknown when the switch restarted and has not reported the official's memberships since.
 */
export const OFFICIAL_STATES = [...PHONE_STATES, "paused", "unknown"] as const;
export type OfficialState = (typeof OFFICIAL_STATES)[number];

export const UNANSWERED_REASONS = ["timeout", "empty", "key", "transfer"] as const;
export type UnansweredReason = (typeof UNANSWERED_REASONS)[number];

export const switchEventSchema = z.discriminatedUnion("type", [
  /** A caller joined the line's queue. `caller` is a keyed pseudonym, never the number itself. */
  z.object({
    ...ofCall,
    type: z.literal("call.joined"),
    caller: z.string().max(64).optional(),
    position: z.number().int().positive().optional(),
  }),
  /** The call rings an official's phone. */
  z.object({ ...ofCall, type: z.literal("call.offered"), official: id }),
  /** The official let it ring out or the ringing was cancelled; the call stays in the queue. */
  z.object({
    ...ofCall,
    type: z.literal("call.offer-missed"),
    official: id,
    ringSec: seconds,
  }),
  z.object({
    ...ofCall,
    type: z.literal("call.answered"),
    official: id,
    waitSec: seconds,
    ringSec: seconds.optional(),
  }),
  z.object({
    ...ofCall,
    type: z.literal("call.ended"),
    official: id,
    waitSec: seconds,
    talkSec: seconds,
    endedBy: z.enum(["caller", "official", "transfer", "unknown"]),
    /**
     * False when the switch itself did not count this completion: Asterisk (shared_lastcall)
     * skips a call whose official had left every line before it ended. Absent means counted.
     */
    switchCounted: z.boolean().optional(),
  }),
  /** The caller hung up while waiting. */
  z.object({
    ...ofCall,
    type: z.literal("call.abandoned"),
    waitSec: seconds,
    position: z.number().int().positive().optional(),
  }),
  /**
   * The call is no longer waiting, but how it left happened while the adapter was not listening
   * (found missing on a resync after a reconnect): it leaves the waiting list and counts nowhere.
   */
  z.object({ ...ofCall, type: z.literal("call.gone") }),
  /** The call left the queue unanswered for a reason other than the caller hanging up. */
  z.object({
    ...ofCall,
    type: z.literal("call.left"),
    waitSec: seconds,
    reason: z.enum(UNANSWERED_REASONS),
  }),
  /**
   * Calls the switch counted while the adapter was not listening (an AMI outage), told by the
   * switch's own counters after the reconnect (QueueStatus `QueueParams` Completed/Abandoned)
   * rather than by its events: figures reconstructed, not observed (docs/asterisk.md). Each
   * field adds to the line's counters as it says; the in-service-level parts and the wait and
   * talk sums are the switch's or estimated from its averages.
   */
  z
    .object({
      ...onLine,
      type: z.literal("line.reconciled"),
      /** Calls whose joining nobody heard. */
      offered: reconciledCount,
      /** Calls answered that nobody heard answered. */
      answered: reconciledCount,
      /** Conversations the switch counted as completed. */
      completed: reconciledCount,
      /** Calls the switch counted as abandoned (Asterisk counts queue timeouts here too). */
      abandoned: reconciledCount,
      answeredInServiceLevel: reconciledCount.default(0),
      completedInServiceLevel: reconciledCount.default(0),
      abandonedInServiceLevel: reconciledCount.default(0),
      /** Sum of the waits of the `answered` calls, and of the talk of the `completed` ones. */
      waitSec: reconciledSeconds.default(0),
      talkSec: reconciledSeconds.default(0),
      detail: z.string().max(500).default(""),
    })
    .refine(
      (e) =>
        e.answeredInServiceLevel <= e.answered &&
        e.completedInServiceLevel <= e.completed &&
        e.abandonedInServiceLevel <= e.abandoned,
      { message: "more within the service level than in all", path: ["answeredInServiceLevel"] },
    ),
  /**
   * The switch's own call counters for the line's queue as the adapter expects them now: its
   * last QueueParams reading plus what it heard counted since. Changes no figure; an adapter that
   * takes over (a new leader, a restart) compares the switch's next reading with it, so calls that
   * ended while nobody listened are reconstructed rather than lost (docs/asterisk.md).
   */
  z.object({
    ...onLine,
    type: z.literal("line.switch-tally"),
    queue: id,
    completed: switchCounter,
    abandoned: switchCounter,
    completedInServiceLevel: switchCounter.nullable(),
    abandonedInServiceLevel: switchCounter.nullable(),
    serviceLevelSec: seconds,
  }),
  z.object({
    ...ofOfficial,
    type: z.literal("official.logged-in"),
    name: z.string().max(200).optional(),
    paused: z.boolean().default(false),
    reason: z.string().max(200).optional(),
  }),
  z.object({ ...ofOfficial, type: z.literal("official.logged-out") }),
  z.object({
    ...ofOfficial,
    type: z.literal("official.paused"),
    reason: z.string().max(200).default(""),
  }),
  z.object({ ...ofOfficial, type: z.literal("official.resumed") }),
  /** The official's phone state as the switch reports it (pauses come as their own events). */
  z.object({
    ...ofOfficial,
    type: z.literal("official.state"),
    state: z.enum(PHONE_STATES),
  }),
  /**
   * The switch is alive; `rate` is how fast its clock runs against the wall clock (1 for a real
   * switch, the speed factor for the simulator), so the server can tell the switch's time between
   * events.
   */
  z.object({
    ...base,
    type: z.literal("switch.heartbeat"),
    rate: z.number().positive().max(10_000),
  }),
  z.object({
    ...base,
    type: z.literal("switch.status"),
    connected: z.boolean(),
    detail: z.string().max(500).default(""),
  }),
  /**
   * The switch itself restarted (queue_log's QUEUESTART): what it held in memory (dynamic
   * members, pauses) may be gone without a word, so every membership is unknown until the switch
   * says again. Calls waiting at the restart are lost.
   */
  z.object({
    ...base,
    type: z.literal("switch.restarted"),
    detail: z.string().max(500).default(""),
  }),
]);

export type SwitchEvent = z.output<typeof switchEventSchema>;
/** What an adapter may write: defaults (such as `paused: false`) may be left out. */
export type SwitchEventInput = z.input<typeof switchEventSchema>;
export type SwitchEventType = SwitchEvent["type"];
export type EventOf<T extends SwitchEventType> = Extract<SwitchEvent, { type: T }>;
export type LineEvent = Extract<SwitchEvent, { line: string }>;
export type CallEvent = Extract<SwitchEvent, { call: string }>;

export type ParseResult = { ok: true; event: SwitchEvent } | { ok: false; reason: string };

/** Validates one decoded event. Never throws: a bad event gets a reason to count and log. */
export function parseSwitchEvent(input: unknown): ParseResult {
  const result = switchEventSchema.safeParse(input);
  if (result.success) return { ok: true, event: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "event";
  return { ok: false, reason: `${where}: ${issue?.message ?? "invalid"}` };
}

/** Decodes and validates one message from the bus. */
export function decodeSwitchEvent(message: string): ParseResult {
  let input: unknown;
  try {
    input = JSON.parse(message);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  return parseSwitchEvent(input);
}

export function isLineEvent(event: SwitchEvent): event is LineEvent {
  return "line" in event;
}
