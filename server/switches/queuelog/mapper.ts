/**
 * Asterisk's queue_log, one line at a time, to normalized events. Pure and stateful. Lines look
 * like `1795949753|1795949752.1|mashhad|NONE|ENTERQUEUE||09358570839|1`: time, call id, queue,
 * agent, event, data…. The agent column names the member's interface for ADDMEMBER, REMOVEMEMBER
 * and PENALTY but its member name elsewhere, so both must map to one official (switch-map.json);
 * a member name the map lacks becomes a keyed pseudonym, never an id that is a person's name.
 */
import type { SwitchEventInput, UnansweredReason } from "../../../shared/events.ts";
import { isPlausibleAt } from "../plausible-time.ts";
import type { Pseudonymizer } from "../pseudonym.ts";
import type { SwitchMap } from "../switch-map.ts";
import { FieldReader } from "./fields.ts";
import { QueueLogMembers } from "./members.ts";

export interface QueueLogMapperOptions {
  map: SwitchMap;
  pseudonym: Pseudonymizer;
  /** @default "queuelog" */
  idPrefix?: string;
  /** Asterisk's shared_lastcall, as for the AMI mapper. @default true */
  sharedLastcall?: boolean;
  /** The adapter's clock: a line dated more than a day after it is dropped. @default Date.now */
  now?: () => number;
}

export interface QueueLogStats {
  lines: number;
  /** Lines that are not queue_log lines at all. */
  malformed: number;
  /** Event names this mapper does not know. */
  unknown: number;
  /** Lines dated before 2000 or more than a day ahead of the adapter's clock. */
  badTime: number;
  /** Durations or positions that are garbled or implausibly large (not used). */
  badField: number;
  /** The last line dropped as malformed or badly dated: switch text, to be masked before a log. */
  lastMalformed: string;
  /** Why that line was dropped. */
  lastKind: "malformed" | "badTime";
}

/** queue_log events that carry nothing for the wall. */
const NOT_NEEDED = new Set(
  (
    "CONFIGRELOAD PENALTY PAUSEALL UNPAUSEALL RINGINUSE SYSCOMPAT INFO DID AGENTLOGIN AGENTLOGOFF " +
    "AGENTCALLBACKLOGIN AGENTCALLBACKLOGOFF TRANSFER"
  ).split(" "),
);

const LEFT: Record<string, UnansweredReason> = {
  EXITWITHTIMEOUT: "timeout",
  EXITEMPTY: "empty",
  EXITWITHKEY: "key",
};

type Base = { id: string; v: 1; at: number; source: string };

export class QueueLogMapper {
  readonly stats: QueueLogStats = {
    lines: 0,
    malformed: 0,
    unknown: 0,
    badTime: 0,
    badField: 0,
    lastMalformed: "",
    lastKind: "malformed",
  };
  readonly #members = new QueueLogMembers();
  readonly #fields = new FieldReader(() => (this.stats.badField += 1));
  readonly #now: () => number;
  #seq = 0;
  lastAt: number | null = null;
  /** QUEUESTART lines seen: the switch restarted. */
  restarts = 0;

  constructor(private readonly o: QueueLogMapperOptions) {
    this.#now = o.now ?? Date.now;
  }

  /**
   * Maps one line (without its newline). `lineId` (stable for the line, see FileFollower) makes
   * the events' ids, so the same line read twice gives the same events; without it, a counter.
   * Never throws.
   */
  map(text: string, lineId?: string): SwitchEventInput[] {
    const line = text.replace(/\r$/, "");
    if (line.trim() === "") return [];
    this.stats.lines += 1;
    const [time = "", callid = "", queue = "", agent = "", event = "", ...data] = line.split("|");
    if (!/^\d{1,15}$/.test(time) || !/^[A-Z_]+$/.test(event)) return this.#drop("malformed", line);
    const at = Number(time) * 1000;
    if (!isPlausibleAt(at, this.#now())) return this.#drop("badTime", line);
    this.lastAt = Math.max(this.lastAt ?? 0, at);
    if (NOT_NEEDED.has(event)) return [];
    const ids = lineId === undefined ? null : { line: lineId, n: 0 };
    const base = (): Base => {
      const id = ids ? `${ids.line}.${++ids.n}` : String(++this.#seq);
      return { id: `${this.o.idPrefix ?? "queuelog"}:${id}`, v: 1, at, source: "queuelog" };
    };
    if (event === "QUEUESTART") return this.#restarted(base(), at);
    const isInterface = agent.includes("/");
    const who = {
      line: this.o.map.line(queue),
      official: this.o.map.official(
        isInterface ? agent : undefined,
        isInterface ? undefined : agent,
        (name) => `member-${this.o.pseudonym(name) ?? "unknown"}`,
      ),
      name: isInterface || agent === "NONE" || agent.trim() === "" ? undefined : agent,
    };
    return (
      this.#callEvent(event, { ...who, call: callid }, data, base) ??
      this.#memberEvent(event, who, data, base) ??
      this.#unknown()
    );
  }

  #callEvent(
    event: string,
    c: { line: string; official: string; name: string | undefined; call: string },
    data: string[],
    base: () => Base,
  ): SwitchEventInput[] | null {
    const call = { line: c.line, call: c.call };
    switch (event) {
      case "ENTERQUEUE": {
        const caller = this.o.pseudonym(data[1]);
        const position = this.#fields.position(data[2]);
        return [
          {
            ...base(),
            type: "call.joined",
            ...call,
            ...(caller ? { caller } : {}),
            ...(position ? { position } : {}),
          },
        ];
      }
      case "CONNECT": {
        const ringSec = this.#fields.seconds(data[2]);
        const login = this.#members.connected(c.line, c.official);
        return [
          ...(login ? [this.#loggedIn(base(), c, false, "")] : []),
          {
            ...base(),
            type: "call.answered",
            ...call,
            official: c.official,
            waitSec: this.#fields.seconds(data[0]) ?? 0,
            ...(ringSec !== null ? { ringSec } : {}),
          },
        ];
      }
      case "COMPLETECALLER":
      case "COMPLETEAGENT":
        return [
          this.#ended(
            base(),
            c,
            data[0],
            data[1],
            event === "COMPLETEAGENT" ? "official" : "caller",
          ),
        ];
      case "BLINDTRANSFER":
      case "ATTENDEDTRANSFER": {
        const n = data.length;
        const [hold, talk] =
          event === "BLINDTRANSFER" ? [data[2], data[3]] : [data[n - 3], data[n - 2]];
        return [this.#ended(base(), c, hold, talk, "transfer")];
      }
      case "ABANDON": {
        const position = this.#fields.position(data[1]);
        return [
          {
            ...base(),
            type: "call.abandoned",
            ...call,
            waitSec: this.#fields.seconds(data[2]) ?? 0,
            ...(position ? { position } : {}),
          },
        ];
      }
      case "EXITWITHTIMEOUT":
      case "EXITEMPTY":
      case "EXITWITHKEY": {
        const waitSec = this.#fields.seconds(event === "EXITWITHKEY" ? data[3] : data[2]) ?? 0;
        return [
          { ...base(), type: "call.left", ...call, waitSec, reason: LEFT[event] ?? "timeout" },
        ];
      }
      case "RINGNOANSWER":
      case "RINGCANCELED": {
        const ringSec = (this.#fields.seconds(data[0], 1000) ?? 0) / 1000; // milliseconds here
        return [{ ...base(), type: "call.offer-missed", ...call, official: c.official, ringSec }];
      }
      case "AGENTDUMP":
        return [
          { ...base(), type: "call.offer-missed", ...call, official: c.official, ringSec: 0 },
        ];
      default:
        return null;
    }
  }

  #memberEvent(
    event: string,
    m: { line: string; official: string; name: string | undefined },
    data: string[],
    base: () => Base,
  ): SwitchEventInput[] | null {
    const { line, official } = m;
    switch (event) {
      case "ADDMEMBER": {
        const paused = data[0] === "PAUSED";
        return this.#members.add(line, official, paused)
          ? [this.#loggedIn(base(), m, paused, "")]
          : [];
      }
      case "REMOVEMEMBER":
        return this.#members.remove(line, official)
          ? [{ ...base(), type: "official.logged-out", line, official }]
          : [];
      case "PAUSE":
      case "UNPAUSE": {
        const paused = event === "PAUSE";
        const reason = paused ? (data[0] ?? "").slice(0, 200) : "";
        switch (this.#members.pause(line, official, paused, reason)) {
          case "joined":
            return [this.#loggedIn(base(), m, paused, reason)];
          case "paused":
            return [{ ...base(), type: "official.paused", line, official, reason }];
          case "resumed":
            return [{ ...base(), type: "official.resumed", line, official }];
          case "same":
            return [];
        }
        return [];
      }
      default:
        return null;
    }
  }

  #restarted(base: Base, at: number): SwitchEventInput[] {
    this.restarts += 1;
    this.#members.restart();
    const detail = `the switch restarted at ${new Date(at).toISOString()} (queue_log QUEUESTART)`;
    return [{ ...base, type: "switch.restarted", detail }];
  }

  #loggedIn(
    base: Base,
    m: { line: string; official: string; name: string | undefined },
    paused: boolean,
    reason: string,
  ): SwitchEventInput {
    return {
      ...base,
      type: "official.logged-in",
      line: m.line,
      official: m.official,
      ...(m.name ? { name: m.name.slice(0, 200) } : {}),
      paused,
      ...(paused && reason ? { reason } : {}),
    };
  }

  #ended(
    base: Base,
    c: { line: string; official: string; call: string },
    hold: string | undefined,
    talk: string | undefined,
    endedBy: "caller" | "official" | "transfer",
  ): SwitchEventInput {
    const counted = this.#members.counts(c.line, c.official, this.o.sharedLastcall ?? true);
    return {
      ...base,
      type: "call.ended",
      line: c.line,
      call: c.call,
      official: c.official,
      waitSec: this.#fields.seconds(hold) ?? 0,
      talkSec: this.#fields.seconds(talk) ?? 0,
      endedBy,
      ...(counted ? {} : { switchCounted: false }),
    };
  }

  #unknown(): SwitchEventInput[] {
    this.stats.unknown += 1;
    return [];
  }

  #drop(kind: "malformed" | "badTime", line: string): SwitchEventInput[] {
    this.stats[kind] += 1;
    this.stats.lastMalformed = line.slice(0, 200);
    this.stats.lastKind = kind;
    return [];
  }
}
