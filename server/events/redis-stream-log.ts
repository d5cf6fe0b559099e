/**
 * The event log on a Redis Stream (node-redis): XADD with a bounded retention (MINID, two days by
 * default), XRANGE to read from a checkpoint, a blocking XREAD per follower on its own connection.
 * Entry ids are the stream's ("ms-seq"), so `appendedAt` is Redis's own clock, the same for every
 * instance. A follower that loses its connection resumes from the last entry it delivered.
 */
import type { Logger } from "../log.ts";
import { closeRedis, connectRedis, type Redis } from "../platform/redis.ts";
import {
  checkMessageSizes,
  DEFAULT_RETENTION_MS,
  type EntriesHandler,
  type EventLog,
  type LogEntry,
  type LogFollower,
} from "./event-log.ts";

export interface RedisStreamLogOptions {
  url: string;
  /** Prefix of the stream's key, e.g. "samad:" or a per-test prefix. */
  prefix: string;
  log: Logger;
  /** @default two days */
  retentionMs?: number;
  /** @default Date.now (for the retention threshold only) */
  clock?: () => number;
  /** How long a follower's XREAD blocks before asking again. @default 1000 */
  blockMs?: number;
  /** @default 5000 */
  connectTimeoutMs?: number;
}

/** What XRANGE and XREAD give per entry, in node-redis's shape. */
interface StreamMessage {
  id: string;
  message: Record<string, string>;
}

const FIELD = "e";
const READ_BATCH = 5_000;

function toEntry(raw: StreamMessage): LogEntry {
  return {
    id: raw.id,
    appendedAt: Number(raw.id.slice(0, raw.id.indexOf("-"))),
    message: raw.message[FIELD] ?? "",
  };
}

export class RedisStreamLog implements EventLog {
  readonly kind = "redis";
  readonly key: string;
  #client: Redis;
  #followers = new Set<Follower>();
  #closed = false;
  readonly #options: RedisStreamLogOptions;

  private constructor(client: Redis, options: RedisStreamLogOptions) {
    this.#client = client;
    this.#options = options;
    this.key = `${options.prefix}events`;
  }

  static async connect(options: RedisStreamLogOptions): Promise<RedisStreamLog> {
    const client = await connectRedis({
      url: options.url,
      log: options.log,
      role: "event log",
      connectTimeoutMs: options.connectTimeoutMs,
      // An append while Redis is away fails at once: the switch runner holds and retries it.
      offlineQueue: false,
    });
    return new RedisStreamLog(client, options);
  }

  async append(messages: readonly string[]): Promise<string[]> {
    if (messages.length === 0) return [];
    checkMessageSizes(messages);
    // A pipeline, not a transaction: a batch cut short is appended again whole by the runner,
    // and the reducer keeps each event once by its id.
    const batch = this.#client.multi();
    for (const message of messages) batch.xAdd(this.key, "*", { [FIELD]: message });
    // Old entries go with one approximate trim a batch, not one per entry.
    const retention = this.#options.retentionMs ?? DEFAULT_RETENTION_MS;
    const threshold = (this.#options.clock ?? Date.now)() - retention;
    batch.xTrim(this.key, "MINID", threshold, { strategyModifier: "~" });
    const replies = await batch.execAsPipeline();
    return replies.slice(0, messages.length).map((reply) => String(reply));
  }

  async read(after: string | null, limit: number): Promise<LogEntry[]> {
    const start = after === null ? "-" : `(${after}`;
    const raw = (await this.#client.xRange(this.key, start, "+", { COUNT: limit })) as
      StreamMessage[] | null;
    return (raw ?? []).map(toEntry);
  }

  follow(after: string | null, handler: EntriesHandler): LogFollower {
    const follower = new Follower(this.#client, this.key, after, handler, this.#options);
    this.#followers.add(follower);
    follower.start();
    return {
      close: async () => {
        this.#followers.delete(follower);
        await follower.close();
      },
    };
  }

  isConnected(): boolean {
    if (!this.#client.isReady) return false;
    for (const follower of this.#followers) if (!follower.connected) return false;
    return true;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#followers].map((follower) => follower.close()));
    this.#followers.clear();
    await closeRedis(this.#client);
  }
}

/** One blocking reader on its own connection, as Redis requires for a blocked XREAD. */
class Follower {
  connected = false;
  #client: Redis;
  #after: string;
  #closed = false;
  #done: Promise<void> = Promise.resolve();

  constructor(
    main: Redis,
    readonly key: string,
    after: string | null,
    readonly handler: EntriesHandler,
    readonly options: RedisStreamLogOptions,
  ) {
    this.#client = main.duplicate();
    this.#client.on("error", () => {
      // Logged by the loop below, with its back-off; node-redis throws without a listener.
    });
    this.#after = after ?? "0-0";
  }

  start(): void {
    this.#done = this.#loop();
  }

  async #loop(): Promise<void> {
    let failures = 0;
    while (!this.#closed) {
      try {
        if (!this.#client.isOpen) await this.#client.connect();
        const reply = (await this.#client.xRead(
          { key: this.key, id: this.#after },
          { BLOCK: this.options.blockMs ?? 1_000, COUNT: READ_BATCH },
        )) as { messages: StreamMessage[] }[] | null;
        this.connected = true;
        failures = 0;
        // Closed while the read was answered: its entries are the next reader's.
        if (this.#closed) return;
        const entries = (reply?.[0]?.messages ?? []).map(toEntry);
        if (entries.length === 0) continue;
        this.#after = entries[entries.length - 1]!.id;
        this.handler(entries);
      } catch (error) {
        if (this.#closed) return;
        this.connected = false;
        failures += 1;
        const waitMs = Math.min(100 * 2 ** failures, 2_000);
        if (failures === 1 || failures % 30 === 0) {
          this.options.log.warn(
            { err: (error as Error).message, retryMs: waitMs, after: this.#after },
            "event log follower lost Redis; resuming from the last entry",
          );
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Aborts a blocked XREAD at once instead of waiting for its timeout.
    if (this.#client.isOpen) this.#client.destroy();
    await this.#done;
  }
}
