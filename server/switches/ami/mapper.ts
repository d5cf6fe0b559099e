/**
 * AMI messages to normalized events: the pure heart of the AMI adapter, also used by the replay
 * command. Events it does not need (dialplan, channels, bridges…) are skipped; event types it
 * has never heard of are skipped and counted.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import { CallTracker } from "./calls.ts";
import { isPlausibleAt } from "../plausible-time.ts";
import { MapperContext, timestampOf, type MapperOptions, type MapperStats } from "./context.ts";
import { loggedOut, mapMemberEvent, memberFacts, reconcileMember } from "./members.ts";
import { header, type AmiMessage } from "./parser.ts";
import { reconciledFor } from "./late-calls.ts";
import { parseQueueParams } from "./queue-tally.ts";
import type { Handover } from "../switch-adapter.ts";

export type { MapperOptions, MapperStats };

/** Event families of a real stream that carry nothing for the wall (README of the recordings). */
const NOT_NEEDED = new Set(
  (
    "Newexten DeviceStateChange Newstate NewCallerid NewConnectedLine Newchannel DialBegin DialState " +
    "DialEnd HangupRequest SoftHangupRequest LocalBridge BridgeCreate BridgeDestroy BridgeEnter " +
    "BridgeLeave BridgeMerge BridgeInfoChannel BridgeInfoComplete HangupHandlerPush HangupHandlerRun " +
    "HangupHandlerPop OriginateResponse SuccessfulAuth FailedACL InvalidPassword ChallengeSent " +
    "FullyBooted Reload Shutdown NewAccountCode Cdr CEL RTCPSent RTCPReceived PeerStatus Registry " +
    "ContactStatus DeviceStateListComplete ExtensionStatus PresenceStateChange MusicOnHoldStart " +
    "MusicOnHoldStop Hold Unhold UserEvent DTMFBegin DTMFEnd AttendedTransfer BlindTransfer " +
    "LocalOptimizationBegin LocalOptimizationEnd ChannelTalkingStart ChannelTalkingStop " +
    "QueueParams QueueEntry QueueMember QueueStatusComplete QueueSummary QueueSummaryComplete " +
    "RequestBadFormat RequestNotAllowed SessionLimit UnexpectedAddress ChallengeResponseFailed " +
    "InvalidAccountID SuccessfulAuth Newexten AgentLogin AgentLogoff MixMonitorStart MixMonitorStop"
  ).split(" "),
);

/** Names of the same events in Asterisk 11 and older (still met on old Issabel boxes). */
const OLD_NAMES = new Map([
  ["Join", "QueueCallerJoin"],
  ["Leave", "QueueCallerLeave"],
  ["QueueMemberPaused", "QueueMemberPause"],
]);

/** What QueueStatus lists: the present state, for a resync after a reconnect. */
export interface QueueStatusReport {
  members: AmiMessage[];
  entries: AmiMessage[];
  /** The queues' counters (QueueParams rows); left out, nothing is reconciled. */
  params?: AmiMessage[];
}

export class AmiMapper {
  readonly #ctx: MapperContext;
  readonly #calls: CallTracker;
  /** The switch's time of the latest message that carried one. */
  lastAt: number | null = null;

  readonly #now: () => number;

  constructor(options: MapperOptions) {
    this.#ctx = new MapperContext(options);
    this.#now = options.now ?? Date.now;
    this.#calls = new CallTracker(this.#ctx);
  }

  get stats(): Readonly<MapperStats> {
    return this.#ctx.stats;
  }

  /** Maps one event message; `fallbackAt` is used when it has no `Timestamp:` header. */
  map(message: AmiMessage, fallbackAt: number): SwitchEventInput[] {
    const named = header(message, "Event");
    if (!named) return [];
    // A Map, not an object: "Event: valueOf" must not find Object.prototype's.
    const event = OLD_NAMES.get(named) ?? named;
    const stamped = timestampOf(message);
    if (stamped !== null && !isPlausibleAt(stamped, this.#now())) {
      this.#ctx.stats.badTime += 1;
      this.#ctx.stats.lastInvalid = `${event} with an implausible Timestamp`;
      return [];
    }
    if (stamped !== null) {
      this.lastAt = Math.max(this.lastAt ?? 0, stamped);
      this.#ctx.listeningSince ??= stamped;
    }
    const at = stamped ?? fallbackAt;
    const out =
      this.#calls.map(event, message, at) ?? mapMemberEvent(this.#ctx, event, message, at);
    if (out) return this.#withTally(out, at);
    if (!NOT_NEEDED.has(event) && !event.startsWith("Queue") && !event.startsWith("Agent")) {
      this.#ctx.stats.unknown += 1;
    }
    return [];
  }

  /**
   * Events that bring the aggregator's state in line with a QueueStatus taken at `now`: members
   * and pauses, phones, callers waiting (with the time they joined), and callers that left while
   * nobody listened.
   */
  resync(report: QueueStatusReport, now: number): SwitchEventInput[] {
    const ctx = this.#ctx;
    const out: SwitchEventInput[] = [];
    const listed = new Set<string>();
    for (const message of report.members) {
      const facts = memberFacts(ctx, message);
      if (!facts) continue;
      listed.add(`${facts.line}\u0000${facts.official}`);
      out.push(...reconcileMember(ctx, facts, now));
    }
    for (const [line, official] of [...ctx.memberships.entries()]) {
      if (!listed.has(`${line}\u0000${official}`)) out.push(...loggedOut(ctx, line, official, now));
    }
    ctx.membersListed = true;
    const talking = this.#calls.closeEndedWhileAway(report.members, now);
    out.push(...talking.events);
    const present = new Set<string>();
    for (const entry of report.entries) {
      const call = header(entry, "Uniqueid");
      const queue = header(entry, "Queue");
      if (!call || !queue) continue;
      present.add(call);
      // Followed already; or heard leaving (its abandon comes before its leave, and a QueueStatus
      // answered between the two still lists it): never joined again.
      if (this.#calls.has(call) || ctx.seen.has(call)) continue;
      const joinedAt = Math.round(now - (ctx.seconds(entry, "Wait") ?? 0) * 1000);
      const caller = ctx.options.pseudonym(header(entry, "CallerIDNum"));
      out.push(...this.#calls.join(call, ctx.line(queue), joinedAt, caller, ctx.position(entry)));
    }
    const gone = new Map<string, number>();
    for (const [call, line] of this.#calls.waiting()) {
      if (present.has(call)) continue;
      const events = this.#calls.gone(call, now);
      if (events.some((e) => e.type === "call.gone")) {
        gone.set(line, (gone.get(line) ?? 0) + 1);
        rememberGone(ctx, call, line);
      }
      out.push(...events);
    }
    out.push(...this.#reconcile(report.params ?? [], talking.closed, gone, now));
    return this.#withTally(out, now);
  }

  /**
   * Carries on from another adapter as the event log knew the switch: its open calls, its
   * expectations of the switch's counters, and the switch time it had heard up to (calls created
   * after it were not heard of).
   */
  takeOver(handover: Handover): void {
    const ctx = this.#ctx;
    this.#calls.takeOver(handover.calls);
    for (const tally of handover.tallies) {
      ctx.tally.seed(tally.queue, {
        completed: tally.completed,
        abandoned: tally.abandoned,
        completedInSl: tally.completedInServiceLevel,
        abandonedInSl: tally.abandonedInServiceLevel,
        serviceLevelSec: tally.serviceLevelSec,
      });
    }
    if (handover.heardUntil !== null) ctx.listeningSince ??= handover.heardUntil;
  }

  /** The events, then the switch's expected counters they changed (when asked for). */
  #withTally(out: SwitchEventInput[], at: number): SwitchEventInput[] {
    const ctx = this.#ctx;
    if (!ctx.options.tallyEvents) return out;
    const changed = ctx.tally.takeChanged();
    if (changed.length === 0) return out;
    const all = [...out];
    for (const [queue, expected] of changed) {
      all.push({
        ...ctx.base(at),
        type: "line.switch-tally",
        line: ctx.line(queue),
        queue,
        completed: expected.completed,
        abandoned: expected.abandoned,
        completedInServiceLevel: expected.completedInSl,
        abandonedInServiceLevel: expected.abandonedInSl,
        serviceLevelSec: expected.serviceLevelSec,
      });
    }
    return all;
  }

  /** The switch's counters against what was heard: what it counted while nobody listened. */
  #reconcile(
    params: AmiMessage[],
    talkingClosed: Map<string, number>,
    goneWaiting: Map<string, number>,
    now: number,
  ): SwitchEventInput[] {
    const ctx = this.#ctx;
    const out: SwitchEventInput[] = [];
    ctx.goneBudget.clear();
    for (const row of params) {
      const facts = parseQueueParams(row);
      const outcome =
        typeof facts === "string"
          ? ({ kind: "refused", reason: facts } as const)
          : ctx.tally.observe(facts);
      if (outcome.kind === "refused") {
        ctx.stats.badParams += 1;
        ctx.stats.lastInvalid = outcome.reason;
      } else if (outcome.kind === "reset") {
        ctx.stats.counterResets += 1;
      } else if (outcome.kind === "delta") {
        const line = ctx.line(outcome.delta.queue);
        out.push(
          ...reconciledFor(
            ctx,
            outcome.delta,
            talkingClosed.get(line) ?? 0,
            goneWaiting.get(line) ?? 0,
            now,
          ),
        );
      }
    }
    return out;
  }
}

/** Gone calls remembered at most: a completion of an older one is left to the reducer. */
const MAX_GONE = 10_000;

function rememberGone(ctx: MapperContext, call: string, line: string): void {
  ctx.gone.delete(call);
  ctx.gone.set(call, line);
  if (ctx.gone.size > MAX_GONE) {
    const oldest = ctx.gone.keys().next().value;
    if (oldest !== undefined) ctx.gone.delete(oldest);
  }
}
