/**
 * Asterisk's queue_log, one line at a time, to normalized events. Pure and stateful. Lines look
 * like `1795949753|1795949752.1|mashhad|NONE|ENTERQUEUE||09358570839|1`: time, call id, queue,
 * agent, event, data…. The agent column names the member's interface for ADDMEMBER, REMOVEMEMBER
 * and PENALTY but its member name elsewhere, so both must map to one official (switch-map.json).
 */
import type { SwitchEventInput, UnansweredReason } from "../../../shared/events.ts";
import { Memberships } from "../membership.ts";
import type { Pseudonymizer } from "../pseudonym.ts";
import type { SwitchMap } from "../switch-map.ts";

export interface QueueLogMapperOptions {
  map: SwitchMap;
  pseudonym: Pseudonymizer;
  /** @default "queuelog" */
  idPrefix?: string;
  /** Asterisk's shared_lastcall, as for the AMI mapper. @default true */
  sharedLastcall?: boolean;
}

export interface QueueLogStats {
  lines: number;
  /** Lines that are not queue_log lines at all. */
  malformed: number;
  /** Event names this mapper does not know. */
  unknown: number;
  lastMalformed: string;
}

/** queue_log events that carry nothing for the wall. */
const NOT_NEEDED = new Set([
  "QUEUESTART",
  "CONFIGRELOAD",
  "PENALTY",
  "PAUSEALL",
  "UNPAUSEALL",
  "RINGINUSE",
  "SYSCOMPAT",
  "INFO",
  "DID",
  "AGENTLOGIN",
  "AGENTLOGOFF",
  "AGENTCALLBACKLOGIN",
  "AGENTCALLBACKLOGOFF",
  "TRANSFER",
]);

const LEFT: Record<string, UnansweredReason> = {
  EXITWITHTIMEOUT: "timeout",
  EXITEMPTY: "empty",
  EXITWITHKEY: "key",
};

const int = (value: string | undefined): number | null => {
  const n = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isFinite(n) && n >= 0 ? n : null;
};

export class QueueLogMapper {
  readonly stats: QueueLogStats = { lines: 0, malformed: 0, unknown: 0, lastMalformed: "" };
  readonly #members = new Memberships();
  #seq = 0;
  lastAt: number | null = null;

  constructor(private readonly o: QueueLogMapperOptions) {}

  /** Maps one line (without its newline). Never throws. */
  map(text: string): SwitchEventInput[] {
    const line = text.replace(/\r$/, "");
    if (line.trim() === "") return [];
    this.stats.lines += 1;
    const [time, callid = "", queue = "", agent = "", event = "", ...data] = line.split("|");
    const seconds = int(time);
    if (seconds === null || !/^[A-Z_]+$/.test(event)) return this.#malformed(line);
    const at = seconds * 1000;
    this.lastAt = Math.max(this.lastAt ?? 0, at);
    if (NOT_NEEDED.has(event)) return [];
    const lineId = this.o.map.line(queue);
    const official = this.o.map.official(
      agent.includes("/") ? agent : undefined,
      agent.includes("/") ? undefined : agent,
    );
    const base = (): { id: string; v: 1; at: number; source: string } => ({
      id: `${this.o.idPrefix ?? "queuelog"}:${++this.#seq}`,
      v: 1,
      at,
      source: "queuelog",
    });
    const call = { line: lineId, call: callid };
    switch (event) {
      case "ENTERQUEUE": {
        const caller = this.o.pseudonym(data[1]);
        const position = int(data[2]);
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
        const ringSec = int(data[2]);
        return [
          ...this.#seen(lineId, official, base),
          {
            ...base(),
            type: "call.answered",
            ...call,
            official,
            waitSec: int(data[0]) ?? 0,
            ...(ringSec !== null ? { ringSec } : {}),
          },
        ];
      }
      case "COMPLETECALLER":
      case "COMPLETEAGENT":
        return [
          this.#ended(
            base(),
            call,
            official,
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
        return [this.#ended(base(), call, official, hold, talk, "transfer")];
      }
      case "ABANDON": {
        const position = int(data[1]);
        return [
          {
            ...base(),
            type: "call.abandoned",
            ...call,
            waitSec: int(data[2]) ?? 0,
            ...(position ? { position } : {}),
          },
        ];
      }
      case "EXITWITHTIMEOUT":
      case "EXITEMPTY":
      case "EXITWITHKEY": {
        const waitSec = int(event === "EXITWITHKEY" ? data[3] : data[2]) ?? 0;
        return [
          { ...base(), type: "call.left", ...call, waitSec, reason: LEFT[event] ?? "timeout" },
        ];
      }
      case "RINGNOANSWER":
      case "RINGCANCELED":
        return [
          {
            ...base(),
            type: "call.offer-missed",
            ...call,
            official,
            ringSec: (int(data[0]) ?? 0) / 1000,
          },
        ];
      case "AGENTDUMP":
        return [{ ...base(), type: "call.offer-missed", ...call, official, ringSec: 0 }];
      case "ADDMEMBER":
        if (this.#members.get(lineId, official)) return [];
        this.#members.set(lineId, official, { paused: data[0] === "PAUSED", reason: "" });
        return [
          {
            ...base(),
            type: "official.logged-in",
            line: lineId,
            official,
            paused: data[0] === "PAUSED",
          },
        ];
      case "REMOVEMEMBER":
        if (!this.#members.remove(lineId, official)) return [];
        return [{ ...base(), type: "official.logged-out", line: lineId, official }];
      case "PAUSE":
      case "UNPAUSE": {
        const paused = event === "PAUSE";
        const reason = paused ? (data[0] ?? "") : "";
        const known = this.#members.get(lineId, official);
        this.#members.set(lineId, official, { paused, reason });
        if (!known)
          return [
            {
              ...base(),
              type: "official.logged-in",
              line: lineId,
              official,
              paused,
              ...(reason ? { reason } : {}),
            },
          ];
        return paused
          ? [{ ...base(), type: "official.paused", line: lineId, official, reason }]
          : [{ ...base(), type: "official.resumed", line: lineId, official }];
      }
      default:
        this.stats.unknown += 1;
        return [];
    }
  }

  /** A static member is never added in queue_log: its first call stands for its login. */
  #seen(
    line: string,
    official: string,
    base: () => { id: string; v: 1; at: number; source: string },
  ): SwitchEventInput[] {
    if (this.#members.get(line, official)) return [];
    this.#members.set(line, official, { paused: false, reason: "" });
    return [{ ...base(), type: "official.logged-in", line, official }];
  }

  #ended(
    base: { id: string; v: 1; at: number; source: string },
    call: { line: string; call: string },
    official: string,
    hold: string | undefined,
    talk: string | undefined,
    endedBy: "caller" | "official" | "transfer",
  ): SwitchEventInput {
    const counted =
      (this.o.sharedLastcall ?? true)
        ? this.#members.anywhere(official)
        : this.#members.get(call.line, official) !== undefined;
    return {
      ...base,
      type: "call.ended",
      ...call,
      official,
      waitSec: int(hold) ?? 0,
      talkSec: int(talk) ?? 0,
      endedBy,
      ...(counted ? {} : { switchCounted: false }),
    };
  }

  #malformed(line: string): SwitchEventInput[] {
    this.stats.malformed += 1;
    this.stats.lastMalformed = line.slice(0, 200);
    return [];
  }
}
