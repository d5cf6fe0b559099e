/**
 * The bus over Redis pub/sub (node-redis). One connection publishes, a duplicate subscribes, as
 * Redis requires. A lost connection is retried with backoff by the client; while it is down,
 * publishing fails and the caller counts the loss (pub/sub keeps nothing: the durable stream is
 * a later addition behind this same port).
 */
import { createClient, type RedisClientType } from "redis";
import type { Logger } from "../log.ts";
import type { EventBus, MessageHandler } from "./event-bus.ts";

export interface RedisBusOptions {
  url: string;
  /** Prefix of the channel name, e.g. "samad:" or a per-test prefix. */
  prefix: string;
  log: Logger;
}

export class RedisBus implements EventBus {
  readonly kind = "redis";
  readonly channel: string;
  #publisher: RedisClientType;
  #subscriber: RedisClientType;
  #log: Logger;
  #closed = false;
  #connected = false;

  private constructor(options: RedisBusOptions) {
    this.channel = `${options.prefix}events`;
    this.#log = options.log;
    // Before the first connection, give up after a few tries so a wrong REDIS_URL stops the
    // start; once connected, keep retrying with backoff for as long as it takes.
    const reconnectStrategy = (retries: number, cause: Error): number | Error =>
      !this.#connected && retries >= 3 ? cause : Math.min(100 * 2 ** retries, 5_000);
    this.#publisher = createClient({ url: options.url, socket: { reconnectStrategy } });
    this.#subscriber = this.#publisher.duplicate();
    for (const [role, client] of [
      ["publisher", this.#publisher],
      ["subscriber", this.#subscriber],
    ] as const) {
      // Without an error listener node-redis would throw on a lost connection.
      client.on("error", (error: Error) => this.#log.warn({ role, err: error.message }, "redis"));
    }
  }

  static async connect(options: RedisBusOptions): Promise<RedisBus> {
    const bus = new RedisBus(options);
    try {
      await Promise.all([bus.#publisher.connect(), bus.#subscriber.connect()]);
      bus.#connected = true;
    } catch (error) {
      await bus.close();
      throw error;
    }
    return bus;
  }

  async publish(messages: readonly string[]): Promise<void> {
    if (messages.length === 0) return;
    const batch = this.#publisher.multi();
    for (const message of messages) batch.publish(this.channel, message);
    await batch.execAsPipeline();
  }

  async subscribe(handler: MessageHandler): Promise<void> {
    await this.#subscriber.subscribe(this.channel, (message) => handler(message));
  }

  isConnected(): boolean {
    return this.#publisher.isReady && this.#subscriber.isReady;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled(
      [this.#subscriber, this.#publisher].map(async (client) => {
        if (client.isOpen) await client.close();
      }),
    );
  }
}
