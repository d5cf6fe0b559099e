/**
 * The switch's own call counters per queue (QueueStatus `QueueParams`: Completed, Abandoned and
 * their service-level shares), as last observed plus what this adapter heard since. After a
 * reconnect, the switch's figures minus this tally are the calls it counted while nobody listened.
 * Asterisk's counters run since the queue was loaded and restart at zero with Asterisk: the
 * first observation only sets the base, and a counter that went back is a restart (no delta).
 * Pure state, no I/O.
 */
import { MAX_DURATION_SEC } from "../plausible-time.ts";
import { header, type AmiMessage } from "./parser.ts";

/** What one QueueParams row says, parsed and checked. */
export interface QueueParamsFacts {
  queue: string;
  completed: number;
  abandoned: number;
  /** Completions within the service level, from ServicelevelPerf; null when it is unusable. */
  completedInSl: number | null;
  /** Abandons within the service level, from ServicelevelPerf2; null when it is unusable. */
  abandonedInSl: number | null;
  serviceLevelSec: number | null;
  /** The switch's moving averages (not means), seconds; null when unusable. */
  holdSec: number | null;
  talkSec: number | null;
}

/** What the switch counted that the tally had not, for one queue. */
export interface QueueDelta {
  queue: string;
  completed: number;
  abandoned: number;
  completedInSl: number;
  abandonedInSl: number;
  holdSec: number;
  talkSec: number;
}

export type TallyOutcome =
  | { kind: "base"; queue: string }
  | { kind: "delta"; delta: QueueDelta }
  | { kind: "reset"; queue: string }
  | { kind: "refused"; reason: string };

/** A queue's counters as the switch should show them now: its last reading plus what was heard. */
export interface Expected {
  completed: number;
  abandoned: number;
  completedInSl: number | null;
  abandonedInSl: number | null;
  serviceLevelSec: number;
}

/** Far above a queue's calls since Asterisk started; a larger counter is garbled. */
const MAX_COUNTER = 1_000_000_000;
/** The most one reconciliation may add (the event schema's bound). */
export const MAX_RECONCILED = 100_000;
/** Queues remembered at most: a switch naming more is garbled. */
const MAX_QUEUES = 5_000;
/** Asterisk's default `servicelevel` when the switch has not said. */
const DEFAULT_SERVICE_LEVEL_SEC = 20;

const COUNTER = /^\d{1,10}$/;
const PERCENT = /^\d{1,3}(\.\d+)?$/;

function counter(message: AmiMessage, name: string): number | null {
  const raw = header(message, name)?.trim();
  if (raw === undefined || !COUNTER.test(raw)) return null;
  const n = Number(raw);
  return n <= MAX_COUNTER ? n : null;
}

function seconds(message: AmiMessage, name: string): number | null {
  const n = counter(message, name);
  return n !== null && n <= MAX_DURATION_SEC ? n : null;
}

/** `part%` of `whole`, as a count; null when the percentage is garbled or out of 0–100. */
function share(raw: string | undefined, whole: number): number | null {
  const text = raw?.trim();
  if (text === undefined || !PERCENT.test(text)) return null;
  const percent = Number(text);
  if (percent > 100) return null;
  return Math.min(whole, Math.round((percent * whole) / 100));
}

/** Parses one QueueParams row; a reason when it cannot be used. */
export function parseQueueParams(message: AmiMessage): QueueParamsFacts | string {
  const queue = header(message, "Queue");
  if (!queue || queue.length > 200) return "QueueParams without Queue";
  const completed = counter(message, "Completed");
  const abandoned = counter(message, "Abandoned");
  if (completed === null || abandoned === null) {
    return "QueueParams Completed or Abandoned not a counter";
  }
  const completedInSl = share(header(message, "ServicelevelPerf"), completed);
  const bothInSl = share(header(message, "ServicelevelPerf2"), completed + abandoned);
  const abandonedInSl =
    completedInSl === null || bothInSl === null
      ? null
      : Math.max(0, Math.min(abandoned, bothInSl - completedInSl));
  return {
    queue,
    completed,
    abandoned,
    completedInSl,
    abandonedInSl,
    serviceLevelSec: seconds(message, "ServiceLevel"),
    holdSec: seconds(message, "Holdtime"),
    talkSec: seconds(message, "TalkTime"),
  };
}

export class QueueTally {
  readonly #expected = new Map<string, Expected>();
  /** Queues whose expected counters changed since `takeChanged`. */
  readonly #changed = new Set<string>();

  /**
   * Takes over another adapter's expectations (a new leader, a restart), as the event log kept
   * them: the switch's next reading is compared with them rather than taken as a new base.
   */
  seed(queue: string, expected: Expected): void {
    if (!this.#expected.has(queue) && this.#expected.size >= MAX_QUEUES) return;
    this.#expected.set(queue, { ...expected });
  }

  /** The queues whose expected counters changed since the last call, with those counters. */
  takeChanged(): [string, Readonly<Expected>][] {
    const out: [string, Readonly<Expected>][] = [];
    for (const queue of this.#changed) {
      const expected = this.#expected.get(queue);
      if (expected) out.push([queue, expected]);
    }
    this.#changed.clear();
    return out;
  }

  /** The queue's service level as the switch last said, in seconds. */
  serviceLevelSec(queue: string): number {
    return this.#expected.get(queue)?.serviceLevelSec ?? DEFAULT_SERVICE_LEVEL_SEC;
  }

  /** A completion the switch counted, heard as it happened. */
  completed(queue: string, holdSec: number | null): void {
    const e = this.#expected.get(queue);
    if (!e) return;
    this.#changed.add(queue);
    e.completed += 1;
    if (e.completedInSl !== null && holdSec !== null && holdSec <= e.serviceLevelSec) {
      e.completedInSl += 1;
    }
  }

  /** An abandon (or queue timeout) the switch counted, heard as it happened. */
  abandoned(queue: string, holdSec: number | null): void {
    const e = this.#expected.get(queue);
    if (!e) return;
    this.#changed.add(queue);
    e.abandoned += 1;
    if (e.abandonedInSl !== null && holdSec !== null && holdSec <= e.serviceLevelSec) {
      e.abandonedInSl += 1;
    }
  }

  /** Takes the switch's figures as the new base, and says what they add to the tally. */
  observe(facts: QueueParamsFacts): TallyOutcome {
    const before = this.#expected.get(facts.queue);
    if (!before && this.#expected.size >= MAX_QUEUES) {
      return { kind: "refused", reason: "QueueParams of too many queues" };
    }
    this.#expected.set(facts.queue, {
      completed: facts.completed,
      abandoned: facts.abandoned,
      completedInSl: facts.completedInSl,
      abandonedInSl: facts.abandonedInSl,
      serviceLevelSec:
        facts.serviceLevelSec ?? before?.serviceLevelSec ?? DEFAULT_SERVICE_LEVEL_SEC,
    });
    this.#changed.add(facts.queue);
    if (!before) return { kind: "base", queue: facts.queue };
    const completed = facts.completed - before.completed;
    const abandoned = facts.abandoned - before.abandoned;
    if (completed < 0 || abandoned < 0) return { kind: "reset", queue: facts.queue };
    if (completed > MAX_RECONCILED || abandoned > MAX_RECONCILED) {
      return { kind: "refused", reason: "QueueParams counters jumped implausibly far" };
    }
    const inSl = (now: number | null, then: number | null, all: number): number =>
      now === null || then === null ? 0 : Math.max(0, Math.min(all, now - then));
    return {
      kind: "delta",
      delta: {
        queue: facts.queue,
        completed,
        abandoned,
        completedInSl: inSl(facts.completedInSl, before.completedInSl, completed),
        abandonedInSl: inSl(facts.abandonedInSl, before.abandonedInSl, abandoned),
        holdSec: facts.holdSec ?? 0,
        talkSec: facts.talkSec ?? 0,
      },
    };
  }
}
