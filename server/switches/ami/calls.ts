/**
 * Caller events of AMI to call.* events. Stateful per call, because AMI does not say at once how
 * a call left: a queue timeout sends the same QueueCallerAbandon as a hang-up, and only the
 * `VarSet QUEUESTATUS=TIMEOUT` after QueueCallerLeave tells them apart; a hang-up gets a Hangup
 * and no QUEUESTATUS. QueueCallerLeave also comes before AgentConnect for an answered call.
 */
import type { SwitchEventInput, UnansweredReason } from "../../../shared/events.ts";
import { seatOf } from "../membership.ts";
import type { HandedCall } from "../switch-adapter.ts";
import type { MapperContext } from "./context.ts";
import { memberFacts, reconcileMember } from "./members.ts";
import { endedAfter, lateAbandon, lateCompletion } from "./late-calls.ts";
import { header, type AmiMessage } from "./parser.ts";

interface CallTrack {
  line: string;
  joinedAt: number;
  answered: boolean;
  leftQueue: boolean;
  leftAt?: number;
  /** Who answered it, and when (switch time): a resync asks the switch whether it ended. */
  official?: string;
  answeredAt?: number;
  /** Officials being rung now → when the ringing started. */
  offers: Map<string, number>;
  abandon?: { at: number; waitSec: number; position: number | undefined };
}

/** Calls followed at once; the oldest are forgotten past this. */
const MAX_CALLS = 20_000;

/** Whole seconds from one switch time to a later one; never negative. */
const elapsedSec = (from: number, to: number): number =>
  Math.max(0, Math.floor((to - from) / 1000));

const REASON_OF_STATUS: Record<string, UnansweredReason> = {
  TIMEOUT: "timeout",
  LEAVEEMPTY: "empty",
  LEAVEUNAVAIL: "empty",
};

export class CallTracker {
  readonly #calls = new Map<string, CallTrack>();
  /** The call each member (line + official) answered last and has not finished. */
  readonly #answeredBy = new Map<string, string>();

  constructor(private readonly ctx: MapperContext) {}

  /** Calls waiting in a queue now, by caller Uniqueid. */
  waiting(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [id, call] of this.#calls)
      if (!call.answered && !call.leftQueue) out.set(id, call.line);
    return out;
  }

  has(call: string): boolean {
    return this.#calls.has(call);
  }

  /**
   * Calls being talked to when the connection went that the switch's QueueStatus rows show
   * ended (the member's LastCall at or after the answer, or the member idle and not in a call):
   * closed as gone, their completion left to the switch's counters. Per line, how many.
   */
  closeEndedWhileAway(
    rows: AmiMessage[],
    at: number,
  ): {
    events: SwitchEventInput[];
    closed: Map<string, number>;
  } {
    const byOfficial = new Map<string, AmiMessage[]>();
    for (const row of rows) {
      const queue = header(row, "Queue");
      if (!queue) continue;
      const official = this.ctx.official(row);
      byOfficial.set(official, [...(byOfficial.get(official) ?? []), row]);
    }
    const events: SwitchEventInput[] = [];
    const closed = new Map<string, number>();
    for (const [call, track] of [...this.#calls]) {
      if (!track.answered || track.official === undefined || track.answeredAt === undefined) {
        continue;
      }
      const rowsOf = byOfficial.get(track.official) ?? [];
      const own = rowsOf.find((r) => this.ctx.line(header(r, "Queue") ?? "") === track.line);
      if (!(own ? [own] : rowsOf).some((r) => endedAfter(r, track.answeredAt ?? Infinity))) {
        continue;
      }
      this.#calls.delete(call);
      this.ctx.closedTalking.add(call);
      const seat = seatOf(track.line, track.official);
      if (this.#answeredBy.get(seat) === call) this.#answeredBy.delete(seat);
      closed.set(track.line, (closed.get(track.line) ?? 0) + 1);
      events.push({
        id: this.ctx.nextId(),
        v: 1,
        at,
        source: this.ctx.source,
        type: "call.gone",
        line: track.line,
        call,
      });
    }
    return { events, closed };
  }

  /** Calls another adapter was following, as the event log holds them: followed from now on. */
  takeOver(calls: readonly HandedCall[]): void {
    for (const { call, line, joinedAt, official, answeredAt } of calls) {
      this.ctx.seen.add(call);
      const answered = official !== null && answeredAt !== null;
      this.#calls.set(call, {
        line,
        joinedAt,
        answered,
        leftQueue: answered,
        offers: new Map(),
        ...(answered ? { official, answeredAt } : {}),
      });
      if (answered) this.#answeredBy.set(seatOf(line, official), call);
      if (this.#calls.size > MAX_CALLS) {
        const oldest = this.#calls.keys().next().value;
        if (oldest !== undefined) this.#calls.delete(oldest);
      }
    }
  }

  join(
    call: string,
    line: string,
    at: number,
    caller: string | undefined,
    position?: number,
  ): SwitchEventInput[] {
    this.#calls.delete(call);
    this.ctx.seen.add(call);
    this.#calls.set(call, {
      line,
      joinedAt: at,
      answered: false,
      leftQueue: false,
      offers: new Map(),
    });
    if (this.#calls.size > MAX_CALLS) {
      const oldest = this.#calls.keys().next().value;
      if (oldest !== undefined) this.#calls.delete(oldest);
    }
    return [
      {
        id: this.ctx.nextId(),
        v: 1,
        at,
        source: this.ctx.source,
        type: "call.joined",
        line,
        call,
        ...(caller ? { caller } : {}),
        ...(position ? { position } : {}),
      },
    ];
  }

  /** A call found missing on a resync: how it left was not heard. */
  gone(call: string, at: number): SwitchEventInput[] {
    const track = this.#calls.get(call);
    if (!track) return [];
    this.#calls.delete(call);
    if (track.abandon) return this.#abandoned(call, track);
    return [
      {
        id: this.ctx.nextId(),
        v: 1,
        at,
        source: this.ctx.source,
        type: "call.gone",
        line: track.line,
        call,
      },
    ];
  }

  map(event: string, message: AmiMessage, at: number): SwitchEventInput[] | null {
    switch (event) {
      case "QueueCallerJoin":
        return this.#join(message, at);
      case "AgentCalled":
      case "AgentRingNoAnswer":
      case "AgentDump":
      case "AgentConnect":
      case "AgentComplete":
        return this.#agent(event, message, at);
      case "QueueCallerAbandon":
        return this.#abandon(message, at);
      case "QueueCallerLeave":
        return this.#leave(message, at);
      case "VarSet":
        return header(message, "Variable") === "QUEUESTATUS" ? this.#status(message, at) : [];
      case "Hangup":
        return this.#hangup(message, at);
      default:
        return null;
    }
  }

  #join(message: AmiMessage, at: number): SwitchEventInput[] {
    const call = header(message, "Uniqueid");
    const queue = header(message, "Queue");
    if (!call || !queue) return this.ctx.invalid("QueueCallerJoin without Uniqueid or Queue");
    const caller = this.ctx.options.pseudonym(header(message, "CallerIDNum"));
    return this.join(call, this.ctx.line(queue), at, caller, this.ctx.position(message));
  }

  #agent(event: string, message: AmiMessage, at: number): SwitchEventInput[] {
    const queue = header(message, "Queue");
    if (!queue) return this.ctx.invalid(`${event} without Queue`);
    const line = this.ctx.line(queue);
    const official = this.ctx.official(message);
    const seat = seatOf(line, official);
    // Asterisk sends AgentComplete without the caller's fields when the caller's channel is
    // already gone (seen in the pause recording): the call is the one this member answered.
    const call =
      header(message, "Uniqueid") ??
      (event === "AgentComplete" ? this.#answeredBy.get(seat) : undefined);
    if (!call) return this.ctx.invalid(`${event} without Uniqueid`);
    const track = this.#calls.get(call);
    switch (event) {
      case "AgentCalled":
        track?.offers.set(official, at);
        return [
          ...this.#member(message, at),
          {
            id: this.ctx.nextId(),
            v: 1,
            at,
            source: this.ctx.source,
            type: "call.offered",
            line,
            call,
            official,
          },
        ];
      case "AgentRingNoAnswer": {
        track?.offers.delete(official);
        const ringSec = this.ctx.seconds(message, "RingTime", 1000) ?? 0; // milliseconds here
        return [
          {
            id: this.ctx.nextId(),
            v: 1,
            at,
            source: this.ctx.source,
            type: "call.offer-missed",
            line,
            call,
            official,
            ringSec,
          },
        ];
      }
      case "AgentDump":
        track?.offers.delete(official);
        return [
          {
            id: this.ctx.nextId(),
            v: 1,
            at,
            source: this.ctx.source,
            type: "call.offer-missed",
            line,
            call,
            official,
            ringSec: 0,
          },
        ];
      case "AgentConnect": {
        const waitSec =
          this.ctx.seconds(message, "HoldTime") ?? (track ? elapsedSec(track.joinedAt, at) : 0);
        const ringSec = this.ctx.seconds(message, "RingTime"); // whole seconds here
        const out = [
          ...this.#member(message, at),
          ...(track ? this.#cancelOffers(call, track, at, official) : []),
        ];
        if (track) {
          track.answered = true;
          track.official = official;
          track.answeredAt = at;
        }
        this.#answeredBy.set(seat, call);
        if (this.#answeredBy.size > MAX_CALLS) this.#answeredBy.clear(); // only if completions were lost
        out.push({
          id: this.ctx.nextId(),
          v: 1,
          at,
          source: this.ctx.source,
          type: "call.answered",
          line,
          call,
          official,
          waitSec,
          ...(ringSec !== null ? { ringSec } : {}),
        });
        return out;
      }
      default: {
        this.#calls.delete(call);
        if (this.#answeredBy.get(seat) === call) this.#answeredBy.delete(seat);
        const counted = this.ctx.sharedLastcall
          ? this.ctx.memberships.anywhere(official)
          : this.ctx.memberships.get(line, official) !== undefined;
        const waitSec = this.ctx.seconds(message, "HoldTime");
        const talkSec = this.ctx.seconds(message, "TalkTime");
        if (!track && this.ctx.closedTalking.has(call)) {
          this.ctx.closedTalking.delete(call);
          return [];
        }
        if (counted) this.ctx.tally.completed(queue, waitSec);
        if (!track) {
          const late = lateCompletion(this.ctx, {
            call,
            queue,
            line,
            counted,
            waitSec,
            talkSec,
            at,
          });
          if (late) return late;
        }
        const reason = header(message, "Reason");
        const endedBy =
          reason === "agent"
            ? "official"
            : reason === "caller" || reason === "transfer"
              ? reason
              : "unknown";
        return [
          {
            id: this.ctx.nextId(),
            v: 1,
            at,
            source: this.ctx.source,
            type: "call.ended",
            line,
            call,
            official,
            waitSec: waitSec ?? 0,
            talkSec: talkSec ?? 0,
            endedBy,
            ...(counted ? {} : { switchCounted: false }),
          },
        ];
      }
    }
  }

  /**
   * Only members are rung: one we have not heard of (a static member whose phone never changed
   * state since we connected) is a member from now on, which Asterisk's completion count needs.
   * Never one the switch removed (a ring still under way at the removal ends in a connect), and
   * never once QueueStatus has listed every member: then only membership events change them.
   */
  #member(message: AmiMessage, at: number): SwitchEventInput[] {
    const facts = memberFacts(this.ctx, message);
    if (!facts || this.ctx.membersListed) return [];
    if (this.ctx.memberships.get(facts.line, facts.official)) return [];
    if (this.ctx.removed.has(seatOf(facts.line, facts.official))) return [];
    return reconcileMember(
      this.ctx,
      { ...facts, paused: false, reason: "", status: undefined },
      at,
    );
  }

  /** Ringing that stopped because the call was answered elsewhere or left. */
  #cancelOffers(call: string, track: CallTrack, at: number, except?: string): SwitchEventInput[] {
    const out: SwitchEventInput[] = [];
    for (const [official, since] of track.offers) {
      if (official === except) continue;
      const ringSec = Math.max(0, (at - since) / 1000);
      out.push({
        id: this.ctx.nextId(),
        v: 1,
        at,
        source: this.ctx.source,
        type: "call.offer-missed",
        line: track.line,
        call,
        official,
        ringSec,
      });
    }
    track.offers.clear();
    return out;
  }

  #abandon(message: AmiMessage, at: number): SwitchEventInput[] {
    const call = header(message, "Uniqueid");
    const queue = header(message, "Queue");
    const heldSec = this.ctx.seconds(message, "HoldTime");
    // The switch counts every QueueCallerAbandon, heard of the call or not.
    if (queue) this.ctx.tally.abandoned(queue, heldSec);
    const track = call ? this.#calls.get(call) : undefined;
    if (!call || !track) {
      return call && queue ? lateAbandon(this.ctx, { call, queue, waitSec: heldSec, at }) : [];
    }
    const waitSec = heldSec ?? elapsedSec(track.joinedAt, at);
    track.abandon = { at, waitSec, position: this.ctx.position(message, "OriginalPosition") };
    return this.#cancelOffers(call, track, at);
  }

  #leave(message: AmiMessage, at: number): SwitchEventInput[] {
    const track = this.#calls.get(header(message, "Uniqueid") ?? "");
    if (track) {
      track.leftQueue = true;
      track.leftAt = at;
    }
    return [];
  }

  /** QUEUESTATUS is set when Queue() returns: TIMEOUT tells a timeout from an abandon. */
  #status(message: AmiMessage, at: number): SwitchEventInput[] {
    const call = header(message, "Uniqueid") ?? "";
    const track = this.#calls.get(call);
    if (!track || track.answered) return [];
    const reason = REASON_OF_STATUS[header(message, "Value") ?? ""];
    if (!reason) return track.abandon ? this.#finish(call, track, at) : [];
    this.#calls.delete(call);
    const when = track.abandon?.at ?? at;
    const waitSec = track.abandon?.waitSec ?? elapsedSec(track.joinedAt, when);
    return [
      {
        id: this.ctx.nextId(),
        v: 1,
        at: when,
        source: this.ctx.source,
        type: "call.left",
        line: track.line,
        call,
        waitSec,
        reason,
      },
    ];
  }

  #hangup(message: AmiMessage, at: number): SwitchEventInput[] {
    const call = header(message, "Uniqueid") ?? "";
    const track = this.#calls.get(call);
    if (!track || track.answered) return [];
    return this.#finish(call, track, at);
  }

  /** The caller's channel is done with the queue and no QUEUESTATUS said otherwise. */
  #finish(call: string, track: CallTrack, at: number): SwitchEventInput[] {
    this.#calls.delete(call);
    if (track.abandon) return this.#abandoned(call, track);
    if (!track.leftQueue)
      return [
        {
          id: this.ctx.nextId(),
          v: 1,
          at,
          source: this.ctx.source,
          type: "call.gone",
          line: track.line,
          call,
        },
      ];
    // Left the queue unanswered, not abandoned, no status: a key press (EXITWITHKEY).
    const left = track.leftAt ?? at;
    const waitSec = elapsedSec(track.joinedAt, left);
    return [
      {
        id: this.ctx.nextId(),
        v: 1,
        at: left,
        source: this.ctx.source,
        type: "call.left",
        line: track.line,
        call,
        waitSec,
        reason: "key",
      },
    ];
  }

  #abandoned(call: string, track: CallTrack): SwitchEventInput[] {
    const a = track.abandon;
    if (!a) return [];
    return [
      {
        id: this.ctx.nextId(),
        v: 1,
        at: a.at,
        source: this.ctx.source,
        type: "call.abandoned",
        line: track.line,
        call,
        waitSec: a.waitSec,
        ...(a.position ? { position: a.position } : {}),
      },
    ];
  }
}
