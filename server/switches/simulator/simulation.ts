/**
 * A discrete-event model of the province's 111 lines. Deterministic for a seed and a start time,
 * and free of timers: `advanceTo(t)` runs the model up to switch time `t` and returns the
 * normalized events a real switch adapter would have produced. Commands change membership and
 * pauses exactly as they would on Asterisk, with its error messages.
 */
import type { PhoneState, SwitchEventInput } from "../../../shared/events.ts";
import type { Line, Reference } from "../../../shared/reference.ts";
import { nextTehranDayStart, tehranDayStart, tehranParts } from "../../../shared/tehran-time.ts";
import type { CommandResult, SwitchCommand } from "../switch-adapter.ts";
import { Agenda } from "./agenda.ts";
import { Random } from "./random.ts";
import { sessionsOfDay, type ScheduledSession } from "../../../shared/schedule.ts";
import { countyWeights, hourFactor, loginDelayMs, sessionRate, TRAFFIC } from "./traffic-model.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** An event without the fields `#emit` fills in (distributes over the union of event types). */
type EventBody = SwitchEventInput extends infer E
  ? E extends unknown
    ? Omit<E, "id" | "v" | "at" | "source">
    : never
  : never;

interface Caller {
  id: string;
  line: string;
  joinedAt: number;
  /** The official whose phone is ringing for this caller, if any. */
  ringing: string | null;
  ringStartedAt: number;
  done: boolean;
}

interface Member {
  paused: boolean;
  reason: string;
}

interface OfficialModel {
  id: string;
  phone: PhoneState;
  caller: Caller | null;
  /** Not offered calls before this time (Asterisk's retry after a ring-no-answer). */
  restUntil: number;
  availableSince: number;
}

export interface SimulationOptions {
  reference: Reference;
  seed: number;
  start: number;
}

export class Simulation {
  readonly #reference: Reference;
  readonly #random: Random;
  readonly #agenda = new Agenda();
  readonly #lines = new Map<string, Line>();
  readonly #queues = new Map<string, Caller[]>();
  readonly #members = new Map<string, Map<string, Member>>();
  readonly #officials = new Map<string, OfficialModel>();
  readonly #weights: Map<string, number>;
  readonly #idPrefix: string;
  #now: number;
  #out: SwitchEventInput[] = [];
  #eventCount = 0;
  #nextPlanAt = Number.NaN;
  #callCount = 0;

  constructor(options: SimulationOptions) {
    this.#reference = options.reference;
    this.#random = new Random(options.seed);
    this.#now = options.start;
    this.#idPrefix = `sim:${options.seed}:${options.start}`;
    this.#weights = countyWeights(options.reference.counties);
    for (const line of options.reference.lines) {
      this.#lines.set(line.id, line);
      this.#queues.set(line.id, []);
      this.#members.set(line.id, new Map());
    }
    for (const official of options.reference.officials) {
      this.#officials.set(official.id, {
        id: official.id,
        phone: "offline",
        caller: null,
        restUntil: 0,
        availableSince: options.start,
      });
    }
    this.#planDay(tehranDayStart(options.start));
  }

  get now(): number {
    return this.#now;
  }

  /** Runs the model to switch time `until` and returns what the switch said meanwhile. */
  advanceTo(until: number): SwitchEventInput[] {
    for (
      let at = this.#agenda.peekTime();
      at !== null && at <= until;
      at = this.#agenda.peekTime()
    ) {
      const entry = this.#agenda.pop();
      if (!entry) break;
      this.#now = Math.max(this.#now, entry.at);
      entry.run();
    }
    this.#now = Math.max(this.#now, until);
    return this.drain();
  }

  /** Events produced outside `advanceTo` (by commands). */
  drain(): SwitchEventInput[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }

  /**
   * When nothing happens on any line and nobody is logged in: the time of the next scheduled
   * action, so a demo can jump over nights. Null while anything is going on.
   */
  idleUntil(): number | null {
    for (const queue of this.#queues.values()) if (queue.length > 0) return null;
    for (const members of this.#members.values()) if (members.size > 0) return null;
    // Planning a day makes no events: run it now rather than wait for midnight, so the jump
    // lands before the next caller. Bounded: a fortnight without a session is a broken timetable.
    for (let days = 0; days < 14 && this.#agenda.peekTime() === this.#nextPlanAt; days += 1) {
      const entry = this.#agenda.pop();
      if (!entry) break;
      this.#now = Math.max(this.#now, entry.at);
      entry.run();
    }
    return this.#agenda.peekTime();
  }

  command(command: SwitchCommand): CommandResult {
    const official = this.#officials.get(command.official);
    if (!official) return { ok: false, error: "Interface not found" };
    if (command.type === "pause" || command.type === "resume") {
      const lines = command.line ? [command.line] : this.#linesOf(official.id);
      const memberOf = lines.filter((line) => this.#members.get(line)?.has(official.id));
      if (memberOf.length === 0) return { ok: false, error: "Interface not found" };
      for (const line of memberOf) {
        if (command.type === "pause") this.#pause(official, line, command.reason);
        else this.#resume(official, line);
      }
      return {
        ok: true,
        message: `Interface ${command.type === "pause" ? "paused" : "unpaused"} successfully`,
      };
    }
    const members = this.#members.get(command.line);
    // Asterisk's app_queue words for a queue it does not have.
    if (!members)
      return {
        ok: false,
        error:
          command.type === "login"
            ? "Unable to add interface to queue: No such queue"
            : command.type === "logout"
              ? "Unable to remove interface from queue: No such queue"
              : "Invalid interface, queuename or penalty",
      };
    switch (command.type) {
      case "login":
        if (members.has(official.id))
          return { ok: false, error: "Unable to add interface: Already there" };
        this.#login(official, command.line, command.paused ?? false, command.reason ?? "");
        return { ok: true, message: "Added interface to queue" };
      case "logout":
        if (!members.has(official.id))
          return { ok: false, error: "Unable to remove interface: Not there" };
        this.#logout(official, command.line);
        return { ok: true, message: "Removed interface from queue" };
      case "penalty":
        return members.has(official.id)
          ? { ok: true, message: "Interface penalty set successfully" }
          : { ok: false, error: "Interface not found" };
    }
  }

  #emit(body: EventBody): void {
    this.#eventCount += 1;
    this.#out.push({
      ...body,
      id: `${this.#idPrefix}:${this.#eventCount}`,
      v: 1,
      at: Math.round(this.#now),
      source: "simulator",
    } as SwitchEventInput);
  }

  #at(at: number, run: () => void): void {
    this.#agenda.schedule(Math.max(at, this.#now), run);
  }

  // ---- the day's timetable -------------------------------------------------------------------

  #planDay(dayStart: number): void {
    const weekday = tehranParts(dayStart + 3_600_000).weekday;
    if (weekday <= 4) {
      for (const session of sessionsOfDay(this.#reference, dayStart)) this.#planSession(session);
    }
    const next = nextTehranDayStart(dayStart + 3_600_000);
    this.#nextPlanAt = next;
    this.#agenda.schedule(next, () => this.#planDay(next));
  }

  #planSession(session: ScheduledSession): void {
    const official = this.#officials.get(session.official);
    const line = this.#lines.get(session.line);
    if (!official || !line || session.end <= this.#now) return;
    const delay = loginDelayMs(this.#random);
    if (delay !== null && session.start + delay < session.end) {
      this.#at(session.start + delay, () => {
        if (!this.#members.get(line.id)?.has(official.id))
          this.#login(official, line.id, false, "");
      });
    }
    const early = this.#random.chance(TRAFFIC.leaveEarlyShare)
      ? this.#random.uniform(1, 8) * MINUTE
      : 0;
    this.#at(session.end - early, () => this.#endSession(official, line.id));
    this.#planArrival(line, session, session.start - TRAFFIC.earlyCallersMinutes * MINUTE);
  }

  #planArrival(line: Line, session: ScheduledSession, from: number): void {
    const minutes = (session.end - session.start) / MINUTE;
    const into = (Math.max(from, this.#now) - session.start) / MINUTE;
    const hour = tehranParts(Math.max(from, this.#now)).hour;
    const rate = sessionRate(line, this.#weights, into, minutes) * hourFactor(hour);
    const at = Math.max(from, this.#now) + this.#random.exponential(rate) * MINUTE;
    if (at >= session.end) return;
    this.#at(at, () => {
      this.#join(line.id);
      this.#planArrival(line, session, at);
    });
  }

  // ---- callers ---------------------------------------------------------------------------------

  #join(lineId: string): void {
    const queue = this.#queues.get(lineId);
    if (!queue) return;
    this.#callCount += 1;
    const caller: Caller = {
      id: `${this.#idPrefix}:call${this.#callCount}`,
      line: lineId,
      joinedAt: this.#now,
      ringing: null,
      ringStartedAt: 0,
      done: false,
    };
    queue.push(caller);
    this.#emit({
      type: "call.joined",
      line: lineId,
      call: caller.id,
      caller: `p${this.#random.hex(12)}`,
      position: queue.length,
    });
    const patience = this.#random.chance(TRAFFIC.hastyCallerShare)
      ? this.#random.uniform(1, 5) * SECOND
      : this.#random.logNormal(TRAFFIC.patienceMedianSec, TRAFFIC.patienceSigma) * SECOND;
    const timeout = TRAFFIC.queueTimeoutSec * SECOND;
    if (patience < timeout) this.#at(this.#now + patience, () => this.#abandon(caller));
    else this.#at(this.#now + timeout, () => this.#leave(caller, "timeout"));
    this.#dispatch();
  }

  #waitSec(caller: Caller): number {
    return Math.round((this.#now - caller.joinedAt) / SECOND);
  }

  #dequeue(caller: Caller): void {
    caller.done = true;
    const queue = this.#queues.get(caller.line);
    const index = queue?.indexOf(caller) ?? -1;
    if (queue && index >= 0) queue.splice(index, 1);
  }

  #stopRinging(caller: Caller): void {
    const official = caller.ringing ? this.#officials.get(caller.ringing) : undefined;
    if (!official) return;
    const ringSec = (this.#now - caller.ringStartedAt) / SECOND;
    this.#emit({
      type: "call.offer-missed",
      line: caller.line,
      call: caller.id,
      official: official.id,
      ringSec,
    });
    this.#setPhone(official, "available", caller.line);
    official.caller = null;
    caller.ringing = null;
  }

  #abandon(caller: Caller): void {
    if (caller.done || !this.#queues.get(caller.line)?.includes(caller)) return;
    this.#stopRinging(caller);
    const position = (this.#queues.get(caller.line)?.indexOf(caller) ?? 0) + 1;
    this.#dequeue(caller);
    this.#emit({
      type: "call.abandoned",
      line: caller.line,
      call: caller.id,
      waitSec: this.#waitSec(caller),
      position,
    });
    this.#dispatch();
  }

  #leave(caller: Caller, reason: "timeout" | "empty"): void {
    if (caller.done || !this.#queues.get(caller.line)?.includes(caller)) return;
    this.#stopRinging(caller);
    this.#dequeue(caller);
    this.#emit({
      type: "call.left",
      line: caller.line,
      call: caller.id,
      waitSec: this.#waitSec(caller),
      reason,
    });
    this.#dispatch();
  }

  // ---- officials -------------------------------------------------------------------------------

  #linesOf(officialId: string): string[] {
    return [...this.#members]
      .filter(([, members]) => members.has(officialId))
      .map(([line]) => line);
  }

  #setPhone(official: OfficialModel, phone: PhoneState, line: string, announce = false): void {
    if (phone === "available" && official.phone !== "available")
      official.availableSince = this.#now;
    official.phone = phone;
    if (announce) this.#emit({ type: "official.state", line, official: official.id, state: phone });
  }

  #login(official: OfficialModel, line: string, paused: boolean, reason: string): void {
    this.#members.get(line)?.set(official.id, { paused, reason });
    this.#emit({ type: "official.logged-in", line, official: official.id, paused, reason });
    if (official.phone === "offline") this.#setPhone(official, "available", line);
    this.#dispatch();
  }

  #logout(official: OfficialModel, line: string): void {
    this.#members.get(line)?.delete(official.id);
    this.#emit({ type: "official.logged-out", line, official: official.id });
    if (official.caller?.line === line && official.phone === "ringing")
      this.#stopRinging(official.caller);
    if (this.#linesOf(official.id).length === 0 && official.phone === "available")
      official.phone = "offline";
    const members = this.#members.get(line);
    if (members && members.size === 0) {
      // leavewhenempty: callers still waiting on a line nobody answers are told so and leave.
      for (const caller of [...(this.#queues.get(line) ?? [])]) this.#leave(caller, "empty");
    }
  }

  #endSession(official: OfficialModel, line: string): void {
    if (!this.#members.get(line)?.has(official.id)) return;
    if (official.phone === "on-call" || official.phone === "wrap-up") {
      this.#at(this.#now + 15 * SECOND, () => this.#endSession(official, line));
      return;
    }
    this.#logout(official, line);
  }

  #pause(official: OfficialModel, line: string, reason: string): void {
    const member = this.#members.get(line)?.get(official.id);
    if (!member) return;
    member.paused = true;
    member.reason = reason;
    this.#emit({ type: "official.paused", line, official: official.id, reason });
  }

  #resume(official: OfficialModel, line: string): void {
    const member = this.#members.get(line)?.get(official.id);
    if (!member) return;
    member.paused = false;
    member.reason = "";
    this.#emit({ type: "official.resumed", line, official: official.id });
    this.#dispatch();
  }

  // ---- offering calls to officials ------------------------------------------------------------

  /** Offers waiting callers to free officials, longest-idle official first, oldest caller first. */
  #dispatch(): void {
    const free = [...this.#officials.values()]
      .filter((o) => o.phone === "available" && o.restUntil <= this.#now)
      .sort((a, b) => a.availableSince - b.availableSince);
    for (const official of free) {
      let best: Caller | null = null;
      for (const [line, members] of this.#members) {
        const member = members.get(official.id);
        if (!member || member.paused) continue;
        const next = this.#queues.get(line)?.find((c) => c.ringing === null);
        if (next && (!best || next.joinedAt < best.joinedAt)) best = next;
      }
      if (best) this.#offer(official, best);
    }
  }

  #offer(official: OfficialModel, caller: Caller): void {
    caller.ringing = official.id;
    caller.ringStartedAt = this.#now;
    official.caller = caller;
    this.#setPhone(official, "ringing", caller.line);
    this.#emit({ type: "call.offered", line: caller.line, call: caller.id, official: official.id });
    if (this.#random.chance(TRAFFIC.ringNoAnswerShare)) {
      this.#at(this.#now + TRAFFIC.ringTimeoutSec * SECOND, () => {
        if (caller.ringing !== official.id || caller.done) return;
        this.#stopRinging(caller);
        official.restUntil = this.#now + TRAFFIC.retrySec * SECOND;
        this.#at(official.restUntil, () => this.#dispatch());
        this.#dispatch();
      });
      return;
    }
    const ring = this.#random.uniform(...TRAFFIC.ringSec) * SECOND;
    this.#at(this.#now + ring, () => this.#answer(official, caller));
  }

  #answer(official: OfficialModel, caller: Caller): void {
    if (caller.ringing !== official.id || caller.done) return;
    const ringSec = Math.round((this.#now - caller.ringStartedAt) / SECOND);
    const waitSec = this.#waitSec(caller);
    this.#dequeue(caller);
    caller.ringing = null;
    this.#setPhone(official, "on-call", caller.line);
    this.#emit({
      type: "call.answered",
      line: caller.line,
      call: caller.id,
      official: official.id,
      waitSec,
      ringSec,
    });
    const talk = this.#random.logNormal(TRAFFIC.talkMedianSec, TRAFFIC.talkSigma) * SECOND;
    this.#at(this.#now + talk, () => this.#hangUp(official, caller, waitSec, talk));
  }

  #hangUp(official: OfficialModel, caller: Caller, waitSec: number, talkMs: number): void {
    const endedBy = this.#random.chance(TRAFFIC.endedByCallerShare) ? "caller" : "official";
    official.caller = null;
    this.#emit({
      type: "call.ended",
      line: caller.line,
      call: caller.id,
      official: official.id,
      waitSec,
      talkSec: Math.round(talkMs / SECOND),
      endedBy,
    });
    this.#setPhone(official, "wrap-up", caller.line, true);
    const wrapUp = this.#random.uniform(...TRAFFIC.wrapUpSec) * SECOND;
    this.#at(this.#now + wrapUp, () => this.#afterWrapUp(official, caller.line));
  }

  #afterWrapUp(official: OfficialModel, line: string): void {
    const lines = this.#linesOf(official.id);
    this.#setPhone(official, lines.length > 0 ? "available" : "offline", line, true);
    if (lines.length > 0 && this.#random.chance(TRAFFIC.pauseAfterCallShare)) {
      const reason = this.#random.pick(TRAFFIC.pauseReasons);
      for (const l of lines) this.#pause(official, l, reason);
      this.#at(this.#now + this.#random.uniform(...TRAFFIC.pauseSec) * SECOND, () => {
        for (const l of this.#linesOf(official.id)) this.#resume(official, l);
      });
    }
    this.#dispatch();
  }
}
