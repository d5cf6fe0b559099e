/**
 * Calls that ended while the adapter was not listening (an AMI outage), told afterwards: by the
 * switch's QueueStatus rows, by its counters, or by a completion of a call whose answer nobody
 * heard. What they add to a line is sent as line.reconciled: reconstructed, not observed.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import type { MapperContext } from "./context.ts";
import { header, type AmiMessage } from "./parser.ts";
import type { QueueDelta } from "./queue-tally.ts";

/** A member's QueueStatus row says its call answered at `answeredAt` (switch ms) has ended. */
export function endedAfter(row: AmiMessage, answeredAt: number): boolean {
  const lastCall = Number(header(row, "LastCall") ?? "");
  if (Number.isFinite(lastCall) && lastCall > 0 && lastCall * 1000 >= answeredAt) return true;
  return header(row, "InCall")?.trim() === "0" && header(row, "Status")?.trim() === "1";
}

/**
 * Whether a call unknown to the tracker joined while nobody listened: never heard, and created
 * (its Uniqueid's epoch seconds) after the adapter first heard the switch. A call from before
 * that may be known to the reducer from the log of an earlier run: then it is left to it.
 */
function unheard(ctx: MapperContext, call: string): boolean {
  if (ctx.seen.has(call) || ctx.listeningSince === null) return false;
  const epoch = /(\d{9,11})\.\d+$/.exec(call)?.[1];
  return epoch !== undefined && Number(epoch) * 1000 >= ctx.listeningSince;
}

/** One more call offered than the last resync counted, if it took this gone call as ended. */
function takeGone(ctx: MapperContext, line: string): number {
  const budget = ctx.goneBudget.get(line);
  if (!budget) return 0;
  if (budget.unassumed > 0) {
    budget.unassumed -= 1;
    return 0;
  }
  if (budget.assumed > 0) {
    budget.assumed -= 1;
    return 1;
  }
  return 0;
}

/**
 * A completion of a call whose answer nobody heard (answered while the connection was down):
 * the switch counts it, so the line counts it too, reconstructed. Null for a call the reducer
 * may know.
 */
export function lateCompletion(
  ctx: MapperContext,
  c: {
    call: string;
    queue: string;
    line: string;
    counted: boolean;
    waitSec: number | null;
    talkSec: number | null;
    at: number;
  },
): SwitchEventInput[] | null {
  let offered: number;
  if (ctx.gone.has(c.call)) {
    ctx.gone.delete(c.call);
    offered = takeGone(ctx, c.line);
  } else if (unheard(ctx, c.call)) offered = 1;
  else return null;
  const inSl = c.waitSec !== null && c.waitSec <= ctx.tally.serviceLevelSec(c.queue) ? 1 : 0;
  const completed = c.counted ? 1 : 0;
  return [
    {
      id: ctx.nextId(),
      v: 1,
      at: c.at,
      source: ctx.source,
      type: "line.reconciled",
      line: c.line,
      offered,
      answered: 1,
      completed,
      abandoned: 0,
      answeredInServiceLevel: inSl,
      completedInServiceLevel: completed * inSl,
      waitSec: c.waitSec ?? 0,
      talkSec: completed * (c.talkSec ?? 0),
      detail: "a call answered while the switch was not heard ended",
    },
  ];
}

/** An abandon of a call that joined while nobody listened: counted, reconstructed. */
export function lateAbandon(
  ctx: MapperContext,
  c: { call: string; queue: string; waitSec: number | null; at: number },
): SwitchEventInput[] {
  if (!unheard(ctx, c.call)) return [];
  ctx.seen.add(c.call);
  const inSl = c.waitSec !== null && c.waitSec <= ctx.tally.serviceLevelSec(c.queue) ? 1 : 0;
  return [
    {
      id: ctx.nextId(),
      v: 1,
      at: c.at,
      source: ctx.source,
      type: "line.reconciled",
      line: ctx.line(c.queue),
      offered: 1,
      answered: 0,
      completed: 0,
      abandoned: 1,
      abandonedInServiceLevel: inSl,
      detail: "a caller who joined while the switch was not heard abandoned",
    },
  ];
}

/**
 * What the switch counted on one queue while nobody listened, against what the resync knows:
 * `talkingClosed` calls whose answer was heard ended in it, `goneWaiting` calls heard joining
 * left the queue unheard. Completions beyond the talking calls were answered unheard; those and
 * the abandons are calls that ended, and beyond the gone ones, calls whose joining was unheard.
 */
export function reconciledFor(
  ctx: MapperContext,
  delta: QueueDelta,
  talkingClosed: number,
  goneWaiting: number,
  at: number,
): SwitchEventInput[] {
  const line = ctx.line(delta.queue);
  const answered = Math.max(0, delta.completed - talkingClosed);
  const ended = answered + delta.abandoned;
  const assumed = Math.min(goneWaiting, ended);
  ctx.goneBudget.set(line, { assumed, unassumed: goneWaiting - assumed });
  if (delta.completed + delta.abandoned === 0) return [];
  return [
    {
      id: ctx.nextId(),
      v: 1,
      at,
      source: ctx.source,
      type: "line.reconciled",
      line,
      offered: ended - assumed,
      answered,
      completed: delta.completed,
      abandoned: delta.abandoned,
      answeredInServiceLevel: Math.min(answered, delta.completedInSl),
      completedInServiceLevel: delta.completedInSl,
      abandonedInServiceLevel: delta.abandonedInSl,
      // The switch keeps moving averages, not sums: the reconstructed sums are estimates.
      waitSec: answered * delta.holdSec,
      talkSec: delta.completed * delta.talkSec,
      detail: `the switch counted ${delta.completed} completed and ${delta.abandoned} abandoned while not heard`,
    },
  ];
}
