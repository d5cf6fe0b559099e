/**
 * What the AMI mapper's parts share: the mapping, the pseudonymizer, event ids, memberships and
 * the counts of what was skipped. Pure state, no I/O.
 */
import type { PhoneState, SwitchEventInput } from "../../../shared/events.ts";
import { BoundedSet, Memberships } from "../membership.ts";
import { MAX_DURATION_SEC } from "../plausible-time.ts";
import type { Pseudonymizer } from "../pseudonym.ts";
import type { SwitchMap } from "../switch-map.ts";
import { header, type AmiMessage } from "./parser.ts";
import { QueueTally } from "./queue-tally.ts";

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
  /** The adapter's clock: an event dated more than a day after it is dropped. @default Date.now */
  now?: () => number;
  /**
   * Sends `line.switch-tally` whenever the switch's expected counters change, so that an adapter
   * taking over from this one can carry on (the AMI adapter turns it on; a replay needs none).
   * @default false
   */
  tallyEvents?: boolean;
}

export interface MapperStats {
  /** Event types this adapter does not know at all. */
  unknown: number;
  /** Queue events missing a field they need. */
  invalid: number;
  /** Messages dropped for a `Timestamp:` that is garbled or out of the plausible range. */
  badTime: number;
  /** Durations or positions that are negative, garbled or implausibly large (not used). */
  badField: number;
  /** Why the last message or field was dropped (no switch text). */
  lastInvalid: string;
  /** QueueParams rows that could not be used (garbled, implausible counters). */
  badParams: number;
  /** QueueParams counters found lower than before: Asterisk restarted, nothing reconstructed. */
  counterResets: number;
}

/** Calls a resync closed as gone on one line, and how many of them it took as ended. */
export interface GoneBudget {
  /** Taken as ended in the switch's counters: a later completion means one call more offered. */
  assumed: number;
  /** Taken as not ended yet (still talking, or left unanswered and uncounted). */
  unassumed: number;
}

export class MapperContext {
  readonly memberships = new Memberships();
  /** Last phone state sent per official: QueueMemberStatus comes once per queue. */
  readonly phones = new Map<string, PhoneState>();
  readonly stats: MapperStats = {
    unknown: 0,
    invalid: 0,
    badTime: 0,
    badField: 0,
    lastInvalid: "",
    badParams: 0,
    counterResets: 0,
  };
  /** The switch's own counters per queue, and what was heard since they were read. */
  readonly tally = new QueueTally();
  /** Every caller Uniqueid heard joining (or listed waiting): a call not among them was unheard. */
  readonly seen = new BoundedSet(50_000);
  /** Calls a resync found gone, by Uniqueid → line: how they ended was not heard. */
  readonly gone = new Map<string, string>();
  readonly goneBudget = new Map<string, GoneBudget>();
  /**
   * Talking calls a resync closed because the switch's rows showed them ended: the switch
   * counted each in the Completed it reported, so their AgentComplete, if it comes after the
   * QueueStatus answer, adds nothing.
   */
  readonly closedTalking = new BoundedSet(10_000);
  /** The switch time of the first message heard with one: calls created later were heard of. */
  listeningSince: number | null = null;
  /**
   * Members the switch removed (line + official): a ring or a connect still under way when the
   * member was removed must not bring the member back. Cleared by the switch's own word.
   */
  readonly removed = new BoundedSet(10_000);
  /** True once QueueStatus listed every member: from then on only the switch's events change them. */
  membersListed = false;
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
    const official = this.options.map.official(iface, name, this.unmappedName);
    if (iface) this.options.map.rememberInterface(official, iface);
    const stateInterface = header(message, "StateInterface");
    if (stateInterface) this.options.map.rememberStateInterface(official, stateInterface);
    return official;
  }

  /** The official id of a member known only by a name the mapping lacks: never the name. */
  readonly unmappedName = (name: string): string =>
    `member-${this.options.pseudonym(name) ?? "unknown"}`;

  /** A duration in seconds from a header: null (and counted) when garbled or implausible. */
  seconds(message: AmiMessage, name: string, divisor = 1): number | null {
    const raw = header(message, name);
    if (raw === undefined || raw.trim() === "") return null;
    const n = Number(raw) / divisor;
    if (Number.isFinite(n) && n >= 0 && n <= MAX_DURATION_SEC) return n;
    this.stats.badField += 1;
    this.stats.lastInvalid = `${name} not a plausible duration`;
    return null;
  }

  /** A queue position from a header, or undefined (counted when present but unusable). */
  position(message: AmiMessage, name = "Position"): number | undefined {
    const raw = header(message, name);
    if (raw === undefined || raw.trim() === "") return undefined;
    const n = Number(raw);
    if (Number.isInteger(n) && n > 0 && n <= MAX_POSITION) return n;
    this.stats.badField += 1;
    this.stats.lastInvalid = `${name} not a queue position`;
    return undefined;
  }

  invalid(reason: string): SwitchEventInput[] {
    this.stats.invalid += 1;
    this.stats.lastInvalid = reason;
    return [];
  }
}

/**
 * The switch's time of a message in ms (`Timestamp:` is epoch seconds with microseconds); null
 * without the header, NaN when it is there but not a number.
 */
export function timestampOf(message: AmiMessage): number | null {
  const raw = header(message, "Timestamp");
  if (raw === undefined) return null;
  // Number() reads "" and "  " as 0: only then is the text looked at again.
  const parsed = Number(raw);
  const seconds = parsed === 0 && raw.trim() === "" ? NaN : parsed;
  return Math.round(seconds * 1000);
}

/** No queue holds this many callers: a larger position is garbled. */
const MAX_POSITION = 100_000;

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
