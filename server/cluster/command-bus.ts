/**
 * How a shift lead's command reaches the instance that owns the switch, and its outcome comes
 * back: in-process on the embedded default, over Redis pub/sub when several instances share one
 * Redis (a request on one channel, carrying the requester's id; the leader's answer on the
 * requester's own channel). Pub/sub keeps nothing: a command that finds no leader is answered
 * "no answer" when its time is up, never run later by surprise.
 */
import { randomUUID } from "node:crypto";
import type { CommandOutcome, CommandRequest } from "../../shared/control.ts";
import type { Logger } from "../log.ts";
import { closeRedis, connectRedis, type Redis } from "../platform/redis.ts";

export interface CommandRunner {
  execute(request: CommandRequest): Promise<CommandOutcome>;
  /** The longest a command can take on the owner. */
  readonly budgetMs: number;
}

export interface CommandBus {
  send(request: CommandRequest): Promise<CommandOutcome>;
  /** Idempotent. */
  close(): Promise<void>;
}

export class LocalCommandBus implements CommandBus {
  constructor(private readonly runner: CommandRunner) {}

  send(request: CommandRequest): Promise<CommandOutcome> {
    return this.runner.execute(request);
  }

  async close(): Promise<void> {}
}

interface Wire {
  request: { id: string; replyTo: string; request: CommandRequest };
  reply: { id: string; outcome: CommandOutcome };
}

export interface RedisCommandBusOptions {
  url: string;
  prefix: string;
  log: Logger;
  runner: CommandRunner;
  isLeader: () => boolean;
}

export class RedisCommandBus implements CommandBus {
  readonly instanceId = randomUUID();
  readonly #pending = new Map<string, (outcome: CommandOutcome) => void>();
  #closing: Promise<void> | null = null;

  private constructor(
    private readonly options: RedisCommandBusOptions,
    private readonly pub: Redis,
    private readonly sub: Redis,
  ) {}

  static async connect(options: RedisCommandBusOptions): Promise<RedisCommandBus> {
    const role = "command bus";
    const pub = await connectRedis({ url: options.url, log: options.log, role });
    const sub = await connectRedis({ url: options.url, log: options.log, role });
    const bus = new RedisCommandBus(options, pub, sub);
    await sub.subscribe(bus.#requests, (message) => bus.#onRequest(message));
    await sub.subscribe(bus.#replies(bus.instanceId), (message) => bus.#onReply(message));
    return bus;
  }

  get #requests(): string {
    return `${this.options.prefix}control:requests`;
  }

  #replies(instance: string): string {
    return `${this.options.prefix}control:replies:${instance}`;
  }

  async send(request: CommandRequest): Promise<CommandOutcome> {
    if (this.options.isLeader()) return this.options.runner.execute(request);
    const id = randomUUID();
    const limitMs = this.options.runner.budgetMs + 2_000;
    return new Promise<CommandOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve({
          status: "no-answer",
          responses: [],
          completed: 0,
          error: `the instance that owns the switch did not answer within ${limitMs} ms`,
        });
      }, limitMs);
      this.#pending.set(id, (outcome) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        resolve(outcome);
      });
      const wire: Wire["request"] = { id, replyTo: this.instanceId, request };
      this.pub.publish(this.#requests, JSON.stringify(wire)).catch((error: unknown) => {
        this.#pending.get(id)?.({
          status: "disconnected",
          responses: [],
          completed: 0,
          error: `cannot reach the instance that owns the switch (${(error as Error).message})`,
        });
      });
    });
  }

  #onRequest(message: string): void {
    if (!this.options.isLeader()) return;
    let wire: Wire["request"];
    try {
      wire = JSON.parse(message) as Wire["request"];
    } catch {
      this.options.log.warn("unreadable command request dropped");
      return;
    }
    void this.options.runner.execute(wire.request).then(
      (outcome) => this.#reply(wire, outcome),
      (error: unknown) =>
        this.#reply(wire, {
          status: "refused",
          responses: [],
          completed: 0,
          error: (error as Error).message,
        }),
    );
  }

  #reply(wire: Wire["request"], outcome: CommandOutcome): void {
    const reply: Wire["reply"] = { id: wire.id, outcome };
    this.pub.publish(this.#replies(wire.replyTo), JSON.stringify(reply)).catch((error: unknown) => {
      this.options.log.warn({ err: (error as Error).message }, "command outcome not delivered");
    });
  }

  #onReply(message: string): void {
    try {
      const reply = JSON.parse(message) as Wire["reply"];
      this.#pending.get(reply.id)?.(reply.outcome);
    } catch {
      this.options.log.warn("unreadable command reply dropped");
    }
  }

  close(): Promise<void> {
    for (const settle of [...this.#pending.values()])
      settle({
        status: "no-answer",
        responses: [],
        completed: 0,
        error: "this instance stopped before the switch's owner answered",
      });
    this.#closing ??= Promise.allSettled([closeRedis(this.sub), closeRedis(this.pub)]).then(
      () => undefined,
    );
    return this.#closing;
  }
}
