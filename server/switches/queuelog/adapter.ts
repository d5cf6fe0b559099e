/**
 * The queue_log switch adapter (`SWITCH=queuelog:PATH`): follows Asterisk's queue_log and maps
 * it to the same events as the AMI adapter, so the same traffic gives the same figures. It can
 * only listen: queue_log carries no commands back to the switch. A line already applied (the
 * file replaced by a copy of itself plus more) is skipped by its stable id.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import type { Counters } from "../../counters.ts";
import type { Logger } from "../../log.ts";
import { DropReporter } from "../drop-reporter.ts";
import { LinkReporter } from "../link-reporter.ts";
import { maskNumbers } from "../mask-numbers.ts";
import { BoundedSet } from "../membership.ts";
import type { Pseudonymizer } from "../pseudonym.ts";
import type { SwitchMap } from "../switch-map.ts";
import type { CommandResult, EventSink, SwitchAdapter } from "../switch-adapter.ts";
import { FileFollower, type FollowedLine, type FollowerOptions } from "./follower.ts";
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
  /** How often to repeat in the log that the file is still not readable. @default 60_000 */
  reminderMs?: number;
}

/** Ids of lines applied, remembered to skip them when read again: more than a busy day's lines. */
const APPLIED_IDS = 200_000;

export class QueueLogAdapter implements SwitchAdapter {
  readonly kind = "queuelog";
  readonly #mapper: QueueLogMapper;
  readonly #follower: FileFollower;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #link: LinkReporter;
  readonly #drops: DropReporter;
  readonly #applied = new BoundedSet(APPLIED_IDS);
  #sink: EventSink | null = null;
  #duplicates = 0;
  /** Lines dropped whole for their length. */
  #oversized = 0;

  constructor(private readonly options: QueueLogAdapterOptions) {
    this.#now = options.now ?? Date.now;
    this.#log = options.log.child({ tag: "queuelog" });
    const idPrefix = `queuelog-${Math.round(this.#now()).toString(36)}`;
    this.#mapper = new QueueLogMapper({
      map: options.map,
      pseudonym: options.pseudonym,
      now: this.#now,
      ...(options.sharedLastcall === undefined ? {} : { sharedLastcall: options.sharedLastcall }),
    });
    this.#link = new LinkReporter({
      source: "queuelog",
      idPrefix,
      log: this.#log,
      emit: (event) => this.#sink?.([event]),
      at: () => Math.max(this.#mapper.lastAt ?? 0, this.#now()),
      now: this.#now,
      ...(options.reminderMs === undefined ? {} : { reminderMs: options.reminderMs }),
    });
    this.#drops = new DropReporter({
      prefix: "queuelog.dropped",
      counters: options.counters,
      log: this.#log,
      now: this.#now,
    });
    this.#follower = new FileFollower(
      { ...options.follower, path: options.path },
      {
        lines: (lines) => this.#lines(lines),
        status: (open, detail, retryInMs) => this.#status(open, detail, retryInMs),
        notice: (what) => {
          if (what === "oversized") {
            this.#oversized += 1; // counted and logged with the other dropped lines
            return;
          }
          options.counters.increment(`queuelog.${what}`);
          this.#log.info({ what }, "queue_log file changed under us");
        },
      },
    );
  }

  async start(sink: EventSink): Promise<void> {
    this.#sink = sink;
    this.#log.info({ path: this.options.path }, "following queue_log");
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

  #lines(lines: FollowedLine[]): void {
    const events: SwitchEventInput[] = [];
    const restarts = this.#mapper.restarts;
    for (const line of lines) {
      if (this.#applied.has(line.id)) {
        this.#duplicates += 1;
        continue;
      }
      this.#applied.add(line.id);
      events.push(...this.#mapper.map(line.text, line.id));
    }
    this.#report();
    if (events.length > 0) this.#sink?.(events);
    if (this.#mapper.restarts > restarts) {
      const restart = events.findLast((e) => e.type === "switch.restarted");
      this.#link.up(restart?.type === "switch.restarted" ? (restart.detail ?? "") : "");
    }
  }

  #status(open: boolean, detail: string, retryInMs: number | undefined): void {
    if (open) {
      this.#link.up();
      return;
    }
    this.options.counters.increment("queuelog.open.failed");
    this.#link.down(detail, { path: this.options.path, retryInMs });
  }

  /** Counts what was dropped; the log shows the last bad line with its numbers masked. */
  #report(): void {
    const { stats } = this.#mapper;
    const line = maskNumbers(stats.lastMalformed);
    this.#drops.report(
      {
        malformed: stats.malformed,
        badTime: stats.badTime,
        badField: stats.badField,
        unknown: stats.unknown,
        duplicate: this.#duplicates,
        oversized: this.#oversized,
      },
      { [stats.lastKind]: line },
    );
  }
}
