/**
 * app_queue's state and its AMI events, driven by the Simulation's normalized events: what a real
 * Asterisk would have sent for the same calls (the sequences of the recordings' README), and the
 * counters it keeps as Asterisk keeps them: `Completed` only while the member is still in some
 * queue (shared_lastcall), `Abandoned` with the timeouts, holdtime and talktime as its integer
 * moving averages. Pure: no sockets, no clock.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import type { Reference } from "../../../shared/reference.ts";
import {
  amiMessage,
  channelFields,
  destFields,
  epochSeconds,
  percent,
  timestamp,
  type CallerChannel,
  type Fields,
} from "./ami-text.ts";
import type { MemberPlan, SwitchPlan } from "./switch-plan.ts";

interface Caller extends CallerChannel {
  joinedAt: number;
  originalPosition: number;
  /** The member's outgoing channel while it rings or talks. */
  dest: { channel: string; uniqueid: string } | null;
  holdSec: number;
  inServiceLevel: boolean;
}

interface Member {
  plan: MemberPlan;
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  paused: boolean;
  reason: string;
}

interface Queue {
  name: string;
  serviceLevelSec: number;
  callers: Caller[];
  members: Map<string, Member>;
  completed: number;
  completedInSl: number;
  abandoned: number;
  abandonedInSl: number;
  holdtime: number;
  talktime: number;
}

/** One AMI event and the switch time it was sent at. */
export interface TimedMessage {
  at: number;
  text: string;
}

/** AST_DEVICE_* of a member's phone: not in use, in use, ringing. */
const NOT_INUSE = 1;
const INUSE = 2;
const RINGING = 6;

/** app_queue's integer moving average of holdtime and talktime: `(3 * old + x) >> 2`. */
const average = (old: number, x: number): number => (old * 3 + x) >> 2;

export class AsteriskQueues {
  readonly #queues = new Map<string, Queue>();
  readonly #calls = new Map<string, Caller>();
  readonly #device = new Map<string, number>();
  #channels = 0;
  #uniqueids = 0;
  #out: TimedMessage[] = [];

  constructor(
    reference: Reference,
    readonly plan: SwitchPlan,
  ) {
    for (const line of reference.lines) {
      this.#queues.set(line.id, {
        name: plan.queueOf(line.id),
        serviceLevelSec: line.serviceLevelSec,
        callers: [],
        members: new Map(),
        completed: 0,
        completedInSl: 0,
        abandoned: 0,
        abandonedInSl: 0,
        holdtime: 0,
        talktime: 0,
      });
    }
  }

  /** The AMI events of a batch of the Simulation's events, in order. */
  translate(events: SwitchEventInput[]): TimedMessage[] {
    // A ringing cut short because the caller left is no ring-no-answer: app_queue sends none.
    const ending = new Set<string>();
    for (const e of events)
      if (e.type === "call.abandoned" || e.type === "call.left") ending.add(`${e.call}@${e.at}`);
    for (const event of events) this.#apply(event, ending);
    const out = this.#out;
    this.#out = [];
    return out;
  }

  /** Whether an official is a member of a line's queue (for actions). */
  isMember(line: string, official: string): boolean {
    return this.#queues.get(line)?.members.has(official) ?? false;
  }

  /** The QueueStatus list (QueueParams, its QueueMembers, its QueueEntries per queue). */
  queueStatus(at: number, queueName?: string): Fields[] {
    const out: Fields[] = [];
    for (const q of this.#queues.values()) {
      if (queueName && q.name !== queueName) continue;
      out.push([
        ["Event", "QueueParams"],
        ["Queue", q.name],
        ["Max", 0],
        ["Strategy", "rrmemory"],
        ["Calls", q.callers.length],
        ["Holdtime", q.holdtime],
        ["TalkTime", q.talktime],
        ["Completed", q.completed],
        ["Abandoned", q.abandoned],
        ["ServiceLevel", q.serviceLevelSec],
        ["ServicelevelPerf", percent(q.completedInSl, q.completed)],
        [
          "ServicelevelPerf2",
          percent(q.completedInSl + q.abandonedInSl, q.completed + q.abandoned),
        ],
        ["Weight", 0],
      ]);
      for (const m of q.members.values()) {
        out.push([
          ["Event", "QueueMember"],
          ["Queue", q.name],
          ["Name", m.plan.name],
          ["Location", m.plan.iface],
          ["StateInterface", m.plan.stateInterface],
          ["Membership", "dynamic"],
          ["Penalty", m.penalty],
          ["CallsTaken", m.callsTaken],
          ["LastCall", m.lastCall],
          ["LastPause", m.lastPause],
          ["LoginTime", m.loginTime],
          ["InCall", this.#device.get(m.plan.official) === INUSE ? 1 : 0],
          ["Status", this.#device.get(m.plan.official) ?? NOT_INUSE],
          ["Paused", m.paused ? 1 : 0],
          ["PausedReason", m.reason],
          ["Wrapuptime", 0],
        ]);
      }
      q.callers.forEach((c, i) => {
        out.push([
          ["Event", "QueueEntry"],
          ["Queue", q.name],
          ["Position", i + 1],
          ["Channel", c.channel],
          ["Uniqueid", c.uniqueid],
          ["CallerIDNum", c.number],
          ["CallerIDName", "unknown"],
          ["ConnectedLineNum", c.number],
          ["ConnectedLineName", "unknown"],
          ["Wait", Math.max(0, Math.floor((at - c.joinedAt) / 1000))],
          ["Priority", 0],
        ]);
      });
    }
    return out;
  }

  /** Asterisk's own counters per line: what a reconciliation after a reconnect reads. */
  counters(): Map<string, { completed: number; abandoned: number; waiting: number }> {
    const out = new Map<string, { completed: number; abandoned: number; waiting: number }>();
    for (const [line, q] of this.#queues)
      out.set(line, { completed: q.completed, abandoned: q.abandoned, waiting: q.callers.length });
    return out;
  }

  #apply(e: SwitchEventInput, ending: Set<string>): void {
    const q = "line" in e ? this.#queues.get(e.line) : undefined;
    if (!q) return;
    switch (e.type) {
      case "call.joined":
        return this.#join(q, e.call, e.at);
      case "call.offered":
        return this.#offered(q, e.call, e.official, e.at);
      case "call.offer-missed":
        return this.#missed(
          q,
          e.call,
          e.official,
          e.ringSec,
          e.at,
          ending.has(`${e.call}@${e.at}`),
        );
      case "call.answered":
        return this.#answered(q, e.call, e.official, e.waitSec, e.ringSec ?? 0, e.at);
      case "call.ended":
        return this.#ended(q, e.call, e.official, e.talkSec, e.endedBy, e.at);
      case "call.abandoned":
        return this.#lost(q, e.call, e.waitSec, e.at, "abandon");
      case "call.left":
        return this.#lost(q, e.call, e.waitSec, e.at, e.reason === "timeout" ? "timeout" : "empty");
      case "official.logged-in":
        return this.#added(q, e.official, e.paused ?? false, e.reason ?? "", e.at);
      case "official.logged-out":
        return this.#removed(q, e.official, e.at);
      case "official.paused":
        return this.#paused(q, e.official, true, e.reason ?? "", e.at);
      case "official.resumed":
        return this.#paused(q, e.official, false, "", e.at);
      default:
        // official.state: the phone's state follows from the calls, as Custom:agentNNNN does.
        return;
    }
  }

  #send(at: number, fields: Fields): void {
    this.#out.push({ at, text: amiMessage(fields) });
  }

  #event(name: string, privilege: string, at: number, rest: Fields): void {
    this.#send(at, [
      ["Event", name],
      ["Privilege", privilege],
      ["Timestamp", timestamp(at)],
      ...rest,
    ]);
  }

  #uniqueid(at: number): string {
    this.#uniqueids += 1;
    return `${epochSeconds(at)}.${this.#uniqueids}`;
  }

  #join(q: Queue, call: string, at: number): void {
    this.#channels += 1;
    const linkedid = this.#uniqueid(at);
    const caller: Caller = {
      channel: `Local/${q.name}@callers-${this.#channels.toString(16).padStart(8, "0")};2`,
      uniqueid: this.#uniqueid(at),
      linkedid,
      number: callerNumber(this.#channels),
      queue: q.name,
      joinedAt: at,
      originalPosition: q.callers.length + 1,
      dest: null,
      holdSec: 0,
      inServiceLevel: false,
    };
    q.callers.push(caller);
    this.#calls.set(call, caller);
    this.#event("QueueCallerJoin", "agent,all", at, [
      ...channelFields(caller),
      ["Queue", q.name],
      ["Position", q.callers.length],
      ["Count", q.callers.length],
    ]);
  }

  #memberFields(q: Queue, m: Member): Fields {
    const status = this.#device.get(m.plan.official) ?? NOT_INUSE;
    return [
      ["Queue", q.name],
      ["MemberName", m.plan.name],
      ["Interface", m.plan.iface],
      ["StateInterface", m.plan.stateInterface],
      ["Membership", "dynamic"],
      ["Penalty", m.penalty],
      ["CallsTaken", m.callsTaken],
      ["LastCall", m.lastCall],
      ["LastPause", m.lastPause],
      ["LoginTime", m.loginTime],
      ["InCall", status === INUSE ? 1 : 0],
      ["Status", status],
      ["Paused", m.paused ? 1 : 0],
      ["PausedReason", m.reason],
      ["Ringinuse", 0],
      ["Wrapuptime", 0],
    ];
  }

  /** The phone's device state changed: a QueueMemberStatus per queue the member is in. */
  #phone(official: string, status: number, at: number): void {
    if ((this.#device.get(official) ?? NOT_INUSE) === status) return;
    this.#device.set(official, status);
    for (const q of this.#queues.values()) {
      const m = q.members.get(official);
      if (m) this.#event("QueueMemberStatus", "agent,all", at, this.#memberFields(q, m));
    }
  }

  #agentFields(q: Queue, c: Caller, official: string, up: boolean): Fields {
    const plan = this.plan.member(official);
    const dest = c.dest ?? { channel: "", uniqueid: "" };
    return [
      ...channelFields(c),
      ...destFields(c, dest.channel, dest.uniqueid, up),
      ["Queue", q.name],
      ["Interface", plan.iface],
      ["MemberName", plan.name],
    ];
  }

  #offered(q: Queue, call: string, official: string, at: number): void {
    const c = this.#calls.get(call);
    if (!c) return;
    this.#channels += 1;
    const extension = this.plan.member(official).iface.slice(6, 10);
    c.dest = {
      channel: `Local/${extension}@agents-${this.#channels.toString(16).padStart(8, "0")};1`,
      uniqueid: this.#uniqueid(at),
    };
    this.#event("AgentCalled", "agent,all", at, this.#agentFields(q, c, official, false));
    this.#phone(official, RINGING, at);
  }

  #missed(q: Queue, call: string, official: string, ringSec: number, at: number, ending: boolean) {
    const c = this.#calls.get(call);
    if (c && !ending) {
      this.#event("AgentRingNoAnswer", "agent,all", at, [
        ...this.#agentFields(q, c, official, false),
        ["RingTime", Math.round(ringSec * 1000)],
      ]);
    }
    if (c) c.dest = null;
    this.#phone(official, NOT_INUSE, at);
  }

  /** The caller leaves the queue's list (QueueCallerLeave), as before a connect or after a loss. */
  #leave(q: Queue, c: Caller, at: number): void {
    const index = q.callers.indexOf(c);
    if (index < 0) return;
    q.callers.splice(index, 1);
    this.#event("QueueCallerLeave", "agent,all", at, [
      ...channelFields(c),
      ["Queue", q.name],
      ["Position", index + 1],
      ["Count", q.callers.length],
    ]);
  }

  #answered(
    q: Queue,
    call: string,
    official: string,
    waitSec: number,
    ringSec: number,
    at: number,
  ) {
    const c = this.#calls.get(call);
    if (!c) return;
    this.#leave(q, c, at);
    c.holdSec = waitSec;
    c.inServiceLevel = waitSec <= q.serviceLevelSec;
    q.holdtime = average(q.holdtime, waitSec);
    this.#event("AgentConnect", "agent,all", at, [
      ...this.#agentFields(q, c, official, true),
      ["HoldTime", waitSec],
      ["RingTime", Math.round(ringSec)],
    ]);
    this.#phone(official, INUSE, at);
  }

  #ended(q: Queue, call: string, official: string, talkSec: number, by: string, at: number) {
    const c = this.#calls.get(call);
    if (!c) return;
    this.#calls.delete(call);
    // shared_lastcall: the member's calls and last call in every queue it is in, and the
    // queue's completion only while it is still in some queue.
    let member = false;
    for (const other of this.#queues.values()) {
      const m = other.members.get(official);
      if (!m) continue;
      member = true;
      m.callsTaken += 1;
      m.lastCall = epochSeconds(at);
    }
    if (member) {
      q.completed += 1;
      if (c.inServiceLevel) q.completedInSl += 1;
      q.talktime = average(q.talktime, talkSec);
    }
    // The phone is idle (QueueMemberStatus: 1) before AgentComplete, as in the recordings.
    this.#phone(official, NOT_INUSE, at);
    this.#event("AgentComplete", "agent,all", at, [
      ...this.#agentFields(q, c, official, true),
      ["HoldTime", c.holdSec],
      ["TalkTime", talkSec],
      ["Reason", by === "caller" ? "caller" : "agent"],
    ]);
    this.#hangup(c, at);
  }

  #hangup(c: Caller, at: number): void {
    this.#event("Hangup", "call,all", at, [
      ...channelFields(c),
      ["Cause", 16],
      ["Cause-txt", "Normal Clearing"],
    ]);
  }

  #varSet(c: Caller, at: number, variable: string, value: string): void {
    this.#event("VarSet", "dialplan,all", at, [
      ...channelFields(c),
      ["Variable", variable],
      ["Value", value],
    ]);
  }

  /**
   * A caller that leaves unanswered. A hang-up and a timeout are both record_abandoned (counted
   * in Abandoned); leavewhenempty abandons only the caller at the head, which app_queue is
   * trying to connect, while the ones behind leave from wait_our_turn uncounted.
   */
  #lost(q: Queue, call: string, waitSec: number, at: number, how: "abandon" | "timeout" | "empty") {
    const c = this.#calls.get(call);
    if (!c) return;
    this.#calls.delete(call);
    const position = q.callers.indexOf(c) + 1;
    if (how !== "empty" || position === 1) {
      this.#varSet(c, at, "ABANDONED", "TRUE");
      q.abandoned += 1;
      if (waitSec <= q.serviceLevelSec) q.abandonedInSl += 1;
      this.#event("QueueCallerAbandon", "agent,all", at, [
        ...channelFields(c),
        ["Queue", q.name],
        ["Position", position],
        ["OriginalPosition", c.originalPosition],
        ["HoldTime", waitSec],
      ]);
    }
    this.#leave(q, c, at);
    if (how === "timeout") this.#varSet(c, at, "QUEUESTATUS", "TIMEOUT");
    if (how === "empty") this.#varSet(c, at, "QUEUESTATUS", "LEAVEEMPTY");
    this.#hangup(c, at);
  }

  #added(q: Queue, official: string, paused: boolean, reason: string, at: number): void {
    const m: Member = {
      plan: this.plan.member(official),
      penalty: 0,
      callsTaken: 0,
      lastCall: 0,
      lastPause: paused ? epochSeconds(at) : 0,
      loginTime: epochSeconds(at),
      paused,
      reason: paused ? reason : "",
    };
    q.members.set(official, m);
    this.#event("QueueMemberAdded", "agent,all", at, this.#memberFields(q, m));
  }

  #removed(q: Queue, official: string, at: number): void {
    const m = q.members.get(official);
    if (!m) return;
    q.members.delete(official);
    this.#event("QueueMemberRemoved", "agent,all", at, this.#memberFields(q, m));
  }

  #paused(q: Queue, official: string, paused: boolean, reason: string, at: number): void {
    const m = q.members.get(official);
    if (!m) return;
    m.paused = paused;
    m.reason = paused ? reason : "";
    if (paused) m.lastPause = epochSeconds(at);
    this.#event("QueueMemberPause", "agent,all", at, this.#memberFields(q, m));
  }
}

/** An Iranian mobile number, the same for the same caller. */
function callerNumber(n: number): string {
  const prefixes = ["0915", "0935", "0901", "0912"];
  const digits = String((n * 7_919_333) % 10_000_000).padStart(7, "0");
  return `${prefixes[n % prefixes.length]}${digits}`;
}
