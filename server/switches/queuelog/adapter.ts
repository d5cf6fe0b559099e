/**
 * The queue_log switch adapter (`SWITCH=queuelog:PATH`): follows Asterisk's queue_log and maps
 * it to the same events as the AMI adapter, so the same traffic gives the same figures. It can
 * only listen: queue_log carries no commands back to the switch.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import type { Counters } from "../../counters.ts";
import type { Logger } from "../../log.ts";
import type { Pseudonymizer } from "../pseudonym.ts";
import type { SwitchMap } from "../switch-map.ts";
import type { CommandResult, EventSink, SwitchAdapter } from "../switch-adapter.ts";
import { FileFollower, type FollowerOptions } from "./follower.ts";
import { QueueLogMapper } from "./mapper.ts";

export interface QueueLogAdapterOptions {
  path: string;
  map: SwitchMap;
  pseudonym: Pseudonymizer;
  counters: Counters;
  log: Logger;
  follower?: Partial<Omit<FollowerOptions, "path">>;
  /** @default Date.now */
  now?: () => number;
  sharedLastcall?: boolean;
}

export class QueueLogAdapter implements SwitchAdapter {
  readonly kind = "queuelog";
  readonly #mapper: QueueLogMapper;
  readonly #follower: FileFollower;
  readonly #log: Logger;
  readonly #now: () => number;
  #sink: EventSink | null = null;
  #reported = { malformed: 0, unknown: 0 };

  constructor(private readonly options: QueueLogAdapterOptions) {
    this.#now = options.now ?? Date.now;
    this.#log = options.log.child({ tag: "queuelog" });
    this.#mapper = new QueueLogMapper({
      map: options.map,
      pseudonym: options.pseudonym,
      idPrefix: `queuelog-${this.#now().toString(36)}`,
      ...(options.sharedLastcall === undefined ? {} : { sharedLastcall: options.sharedLastcall }),
    });
    this.#follower = new FileFollower(
      { ...options.follower, path: options.path },
      {
        lines: (lines) => this.#lines(lines),
        status: (open, detail) => this.#status(open, detail),
        notice: (what) => {
          options.counters.increment(`queuelog.${what}`);
          this.#log.info({ what }, "queue_log file changed under us");
        },
      },
    );
  }

  async start(sink: EventSink): Promise<void> {
    this.#sink = sink;
    await this.#follower.start();
  }

  async stop(): Promise<void> {
    await this.#follower.stop();
    this.#sink = null;
  }

  async command(): Promise<CommandResult> {
    return {
      ok: false,
      error: "the queue_log adapter only reads the switch's log; it cannot send commands",
    };
  }

  /** Read the follower now (tests, and the replay command). */
  poll(): Promise<void> {
    return this.#follower.poll();
  }

  #lines(lines: string[]): void {
    const events: SwitchEventInput[] = [];
    for (const line of lines) events.push(...this.#mapper.map(line));
    const { malformed, unknown, lastMalformed } = this.#mapper.stats;
    if (malformed > this.#reported.malformed) {
      this.options.counters.increment(
        "queuelog.dropped.malformed",
        malformed - this.#reported.malformed,
      );
      this.#log.debug(
        { line: lastMalformed.replace(/\d{7,}/g, "…") },
        "malformed queue_log line dropped",
      );
    }
    if (unknown > this.#reported.unknown) {
      this.options.counters.increment("queuelog.dropped.unknown", unknown - this.#reported.unknown);
    }
    this.#reported = { malformed, unknown };
    if (events.length > 0) this.#sink?.(events);
  }

  #status(connected: boolean, detail: string): void {
    if (!connected) this.#log.warn({ detail }, "queue_log not readable");
    const at = Math.round(Math.max(this.#mapper.lastAt ?? 0, this.#now()));
    this.#sink?.([
      {
        id: `queuelog-status-${at}-${connected}`,
        v: 1,
        at,
        source: "queuelog",
        type: "switch.status",
        connected,
        detail,
      },
    ]);
  }
}
