/**
 * The Asterisk AMI switch adapter (`SWITCH=ami://USER:SECRET@HOST:PORT`): the client's messages
 * through the mapper into the sink; after every login a QueueStatus resync, so the wall is right
 * again after a lost connection without a restart; shift leads' commands as queue actions.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import type { Counters } from "../../counters.ts";
import type { Logger } from "../../log.ts";
import type { Pseudonymizer } from "../pseudonym.ts";
import type { SwitchMap } from "../switch-map.ts";
import type {
  CommandResult,
  EventSink,
  Handover,
  SwitchAdapter,
  SwitchCommand,
} from "../switch-adapter.ts";
import { DropReporter } from "../drop-reporter.ts";
import { LinkReporter } from "../link-reporter.ts";
import { isPlausibleAt } from "../plausible-time.ts";
import { actionFor } from "./actions.ts";
import { AmiClient, AmiError, type AmiClientOptions } from "./client.ts";
import { timestampOf } from "./context.ts";
import { AmiMapper } from "./mapper.ts";
import { header, type AmiMessage } from "./parser.ts";
import { SwitchClock } from "./switch-clock.ts";

export interface AmiAdapterOptions {
  /** `ami://USER:SECRET@HOST:PORT` (port 5038 when left out). */
  url: string;
  map: SwitchMap;
  pseudonym: Pseudonymizer;
  counters: Counters;
  log: Logger;
  /** Timings of the connection (tests shorten them). */
  client?: Partial<Omit<AmiClientOptions, "host" | "port" | "username" | "secret">>;
  /** Wall clock, for events without a `Timestamp:` header. @default Date.now */
  now?: () => number;
  /** The switch's MemberName for an official added by a command (QueueAdd). */
  memberName?: (official: string) => string | undefined;
  /** @default true; see MapperOptions.sharedLastcall */
  sharedLastcall?: boolean;
  /** How often to repeat in the log that the switch is still not reachable. @default 60_000 */
  reminderMs?: number;
}

export interface AmiTarget {
  host: string;
  port: number;
  username: string;
  secret: string;
}

/** Parses the switch URL; the error never repeats the URL, which holds the secret. */
export function parseAmiUrl(url: string): AmiTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("SWITCH: expected ami://USER:SECRET@HOST:PORT");
  }
  if (parsed.protocol !== "ami:" || !parsed.hostname || !parsed.username || !parsed.password) {
    throw new Error(
      "SWITCH: expected ami://USER:SECRET@HOST:PORT with a user, a secret and a host",
    );
  }
  const port = parsed.port === "" ? 5038 : Number(parsed.port);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port,
    username: decodeURIComponent(parsed.username),
    secret: decodeURIComponent(parsed.password),
  };
}

export class AmiAdapter implements SwitchAdapter {
  readonly kind = "ami";
  readonly #client: AmiClient;
  readonly #mapper: AmiMapper;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #link: LinkReporter;
  readonly #drops: DropReporter;
  /** The switch's own clock, from its Timestamps: what a resync is dated by. */
  readonly #switchClock: SwitchClock;
  #sink: EventSink | null = null;
  /** Events held while a QueueStatus list is arriving, applied after the resync. */
  #held: AmiMessage[] | null = null;

  constructor(private readonly options: AmiAdapterOptions) {
    const target = parseAmiUrl(options.url);
    const clock = options.now ?? Date.now;
    this.#now = () => Math.round(clock());
    this.#log = options.log.child({ tag: "ami" });
    this.#switchClock = new SwitchClock(this.#now);
    const idPrefix = `ami-${this.#now().toString(36)}`;
    this.#mapper = new AmiMapper({
      map: options.map,
      pseudonym: options.pseudonym,
      idPrefix,
      now: this.#now,
      tallyEvents: true,
      ...(options.sharedLastcall === undefined ? {} : { sharedLastcall: options.sharedLastcall }),
    });
    this.#link = new LinkReporter({
      source: "ami",
      idPrefix,
      log: this.#log,
      emit: (event) => this.#emit([event]),
      at: () => Math.max(this.#mapper.lastAt ?? 0, this.#switchClock.now()),
      now: this.#now,
      ...(options.reminderMs === undefined ? {} : { reminderMs: options.reminderMs }),
    });
    this.#client = new AmiClient(
      { ...target, ...options.client },
      {
        connected: () => void this.#resync(),
        down: (reason, retryInMs) => this.#down(reason, retryInMs),
        event: (message) => this.#onEvent(message),
        alive: (pong) => this.#heartbeat(pong),
      },
    );
    this.#drops = new DropReporter({
      prefix: "ami.dropped",
      counters: options.counters,
      log: this.#log,
      now: this.#now,
    });
  }

  takeOver(handover: Handover): void {
    this.#mapper.takeOver(handover);
  }

  async start(sink: EventSink): Promise<void> {
    this.#sink = sink;
    this.#log.info(
      { target: this.#client.target, user: parseAmiUrl(this.options.url).username },
      "connecting to the switch",
    );
    this.#client.start();
  }

  async stop(): Promise<void> {
    this.#client.stop();
    this.#sink = null;
  }

  async command(command: SwitchCommand): Promise<CommandResult> {
    const action = actionFor(command, this.options.map, this.options.memberName);
    if (!action.ok) return action;
    try {
      const { response } = await this.#client.send(action.fields);
      const message = header(response, "Message");
      if (header(response, "Response") === "Success")
        return message === undefined ? { ok: true } : { ok: true, message };
      return { ok: false, error: message ?? "the switch refused the action", kind: "refused" };
    } catch (error) {
      const code = error instanceof AmiError ? error.code : "other";
      return {
        ok: false,
        error: (error as Error).message,
        kind: code === "other" ? "refused" : code,
      };
    }
  }

  #onEvent(message: AmiMessage): void {
    const stamped = timestampOf(message);
    const paceChanged =
      stamped !== null && isPlausibleAt(stamped, this.#now()) && this.#switchClock.observe(stamped);
    if (paceChanged) this.#emitHeartbeat();
    if (this.#held) {
      this.#held.push(message);
      return;
    }
    this.#emit(this.#mapper.map(message, this.#switchClock.now()));
  }

  /**
   * A Ping first: its Timestamp tells the switch's time before anything is dated by it. The log
   * hears the rate once it is measured: a new leader's guess of 1 would make a fast switch's
   * next events look minutes ahead of the clock the previous leader left.
   */
  async #learnSwitchTime(): Promise<void> {
    try {
      const { response } = await this.#client.send([["Action", "Ping"]]);
      const stamped = timestampOf(response);
      if (stamped !== null && isPlausibleAt(stamped, this.#now()))
        this.#switchClock.observe(stamped);
      if (this.#switchClock.measured) this.#emitHeartbeat();
    } catch {
      // Not fatal: the resync is then dated by what the switch said last, or by our clock.
    }
  }

  async #resync(): Promise<void> {
    this.options.counters.increment("ami.logins");
    this.#link.up();
    // Sent together: the Ping's answer comes before the list, so the resync is dated by it.
    const learning = this.#learnSwitchTime();
    try {
      const { list } = await this.#client.send([["Action", "QueueStatus"]], () => {
        this.#held = [];
      });
      await learning;
      const kind = (m: AmiMessage): string | undefined => header(m, "Event");
      const report = {
        members: list.filter((m) => kind(m) === "QueueMember"),
        entries: list.filter((m) => kind(m) === "QueueEntry"),
        params: list.filter((m) => kind(m) === "QueueParams"),
      };
      const resets = this.#mapper.stats.counterResets;
      const events = this.#mapper.resync(report, this.#switchClock.now());
      this.#emit(events);
      this.#log.info(
        { members: report.members.length, waiting: report.entries.length },
        "resynced",
      );
      this.#noteReconciled(events, this.#mapper.stats.counterResets - resets);
    } catch (error) {
      this.options.counters.increment("ami.resync.failed");
      this.#log.warn({ reason: (error as Error).message }, "QueueStatus resync failed");
    } finally {
      const held = this.#held ?? [];
      this.#held = null;
      for (const message of held) this.#emit(this.#mapper.map(message, this.#switchClock.now()));
    }
  }

  /** Says what the switch's counters added, or that they went back and nothing could be. */
  #noteReconciled(events: SwitchEventInput[], resets: number): void {
    if (resets > 0) {
      this.options.counters.increment("ami.reconcile.reset", resets);
      this.#log.warn(
        { queues: resets },
        "the switch's queue counters went back (Asterisk restarted): calls that ended while it was not heard cannot be reconstructed",
      );
    }
    let completed = 0;
    let abandoned = 0;
    for (const e of events) {
      if (e.type !== "line.reconciled") continue;
      completed += e.completed;
      abandoned += e.abandoned;
    }
    if (completed + abandoned === 0) return;
    this.options.counters.increment("ami.reconciled.completed", completed);
    this.options.counters.increment("ami.reconciled.abandoned", abandoned);
    this.#log.info(
      { completed, abandoned },
      "calls counted by the switch while not heard added, marked reconstructed",
    );
  }

  #down(reason: string, retryInMs: number): void {
    this.options.counters.increment(
      this.#link.connected === true ? "ami.disconnects" : "ami.connect.failed",
    );
    this.#link.down(reason, { target: this.#client.target, retryInMs });
  }

  /**
   * A Ping answered: the switch is alive, and its `Timestamp:` (if plausible) is its time; the
   * rate is its clock's pace against ours (1 for a real switch).
   */
  #heartbeat(pong: AmiMessage): void {
    const stamped = timestampOf(pong);
    if (stamped !== null && isPlausibleAt(stamped, this.#now())) this.#switchClock.observe(stamped);
    this.#emitHeartbeat();
  }

  #emitHeartbeat(): void {
    const at = this.#switchClock.now();
    const rate = this.#switchClock.rate;
    this.#emit([
      { id: `ami-heartbeat-${at}`, v: 1, at, source: "ami", type: "switch.heartbeat", rate },
    ]);
  }

  #emit(events: SwitchEventInput[]): void {
    this.#count();
    if (events.length > 0) this.#sink?.(events);
  }

  /** Moves what the parser and mapper dropped into the named counters, and logs it (throttled). */
  #count(): void {
    const { stats } = this.#mapper;
    const { drops } = this.#client.parser;
    this.#drops.report(
      {
        unknown: stats.unknown,
        invalid: stats.invalid,
        badTime: stats.badTime,
        badField: stats.badField,
        badParams: stats.badParams,
        oversized: drops.oversized,
        malformed: drops.malformedLines,
        invalidUtf8: drops.invalidUtf8,
        garbage: drops.garbage,
      },
      {
        unknown: "",
        invalid: stats.lastInvalid,
        badTime: stats.lastInvalid,
        badField: stats.lastInvalid,
        badParams: stats.lastInvalid,
        oversized: this.#client.parser.lastDrop,
        garbage: this.#client.parser.lastDrop,
      },
    );
  }
}
