/**
 * What the AMI mapper's parts share: the mapping, the pseudonymizer, event ids, memberships and
 * the counts of what was skipped. Pure state, no I/O.
 */
import type { PhoneState, SwitchEventInput } from "../../../shared/events.ts";
import { Memberships } from "../membership.ts";
import type { Pseudonymizer } from "../pseudonym.ts";
import type { SwitchMap } from "../switch-map.ts";
import { header, type AmiMessage } from "./parser.ts";

export interface MapperOptions {
  map: SwitchMap;
  pseudonym: Pseudonymizer;
  /** Prefix of event ids; give each run its own so ids never repeat. @default "ami" */
  idPrefix?: string;
  /**
   * Asterisk's `shared_lastcall` (queues.conf): with it, a completion counts only while the
   * member is in some queue; without it, only while it is in the call's queue. @default true
   */
  sharedLastcall?: boolean;
  /** `source` of the events. @default "ami" */
  source?: string;
}

export interface MapperStats {
  /** Event types this adapter does not know at all. */
  unknown: number;
  /** Queue events missing a field they need. */
  invalid: number;
  lastInvalid: string;
}

export class MapperContext {
  readonly memberships = new Memberships();
  /** Last phone state sent per official: QueueMemberStatus comes once per queue. */
  readonly phones = new Map<string, PhoneState>();
  readonly stats: MapperStats = { unknown: 0, invalid: 0, lastInvalid: "" };
  readonly source: string;
  readonly sharedLastcall: boolean;
  #seq = 0;

  constructor(readonly options: MapperOptions) {
    this.source = options.source ?? "ami";
    this.sharedLastcall = options.sharedLastcall ?? true;
  }

  nextId(): string {
    this.#seq += 1;
    return `${this.options.idPrefix ?? this.source}:${this.#seq}`;
  }

  /** Base fields of an event; `at` is the switch's time. */
  base(at: number): { id: string; v: 1; at: number; source: string } {
    return { id: this.nextId(), v: 1, at, source: this.source };
  }

  line(queue: string): string {
    return this.options.map.line(queue);
  }

  official(message: AmiMessage): string {
    // QueueStatus rows say Location and Name; Asterisk 11 says Member, or AgentCalled/AgentName.
    const iface =
      header(message, "Interface") ??
      header(message, "Location") ??
      header(message, "Member") ??
      header(message, "AgentCalled");
    const name =
      header(message, "MemberName") ?? header(message, "Name") ?? header(message, "AgentName");
    const official = this.options.map.official(iface, name);
    if (iface) this.options.map.rememberInterface(official, iface);
    return official;
  }

  invalid(reason: string): SwitchEventInput[] {
    this.stats.invalid += 1;
    this.stats.lastInvalid = reason;
    return [];
  }
}

/** The switch's time of a message in ms (`Timestamp:` is epoch seconds with microseconds). */
export function timestampOf(message: AmiMessage): number | null {
  const raw = header(message, "Timestamp");
  if (raw === undefined) return null;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null;
}

/** A whole number of seconds from a header, or null. */
export function secondsOf(message: AmiMessage, name: string, divisor = 1): number | null {
  const raw = header(message, name);
  if (raw === undefined || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n / divisor : null;
}

export function positionOf(message: AmiMessage, name = "Position"): number | undefined {
  const n = Number(header(message, name));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** AST_DEVICE_* codes of `Status:` to phone states; 0 (unknown) tells nothing. */
export function phoneOf(status: string | undefined): PhoneState | null {
  switch (status) {
    case "1":
      return "available";
    case "2":
    case "3":
    case "7":
    case "8":
      return "on-call";
    case "4":
    case "5":
      return "offline";
    case "6":
      return "ringing";
    default:
      return null;
  }
}

export const isTrue = (value: string | undefined): boolean =>
  value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
