/**
 * Exactly one instance runs the switch adapter and the jobs that must run once (checkpoints,
 * closing days and intervals, scheduled changes): the holder of a lease in Redis, renewed every
 * second and lapsing three seconds after its holder stops renewing, so another instance takes
 * over within five. A holder that cannot renew steps down when its lease may have lapsed, before
 * another can hold it. The embedded default has one instance: it always leads.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../log.ts";
import { closeRedis, connectRedis, type Redis } from "../platform/redis.ts";

export type LeadershipListener = (leader: boolean) => void;

export interface LeaderLease {
  readonly instanceId: string;
  /** True when other instances may take over: a leader stepping down hands over. */
  readonly shared: boolean;
  isLeader(): boolean;
  /** Starts contending; the listener hears every change. */
  start(listener: LeadershipListener): Promise<void>;
  /** Gives the lease up at once so another instance takes over without waiting. Idempotent. */
  stop(): Promise<void>;
}

/** One instance, always the leader. */
export class SoloLease implements LeaderLease {
  readonly instanceId = randomUUID();
  readonly shared = false;
  #leader = false;
  #listener: LeadershipListener | null = null;

  isLeader(): boolean {
    return this.#leader;
  }

  async start(listener: LeadershipListener): Promise<void> {
    this.#listener = listener;
    this.#leader = true;
    listener(true);
  }

  async stop(): Promise<void> {
    if (!this.#leader) return;
    this.#leader = false;
    this.#listener?.(false);
  }
}

export interface RedisLeaseOptions {
  url: string;
  /** The lease's key is `${prefix}leader`. */
  prefix: string;
  log: Logger;
  /** @default 3000 */
  ttlMs?: number;
  /** @default 1000 */
  renewEveryMs?: number;
  /** @default Date.now */
  clock?: () => number;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisLease implements LeaderLease {
  readonly instanceId = randomUUID();
  readonly shared = true;
  readonly key: string;
  #client: Redis | null = null;
  #leader = false;
  #heldUntil = 0;
  #timer: NodeJS.Timeout | null = null;
  #listener: LeadershipListener | null = null;
  #stopped = false;
  #round: Promise<void> = Promise.resolve();
  readonly #options: RedisLeaseOptions;

  constructor(options: RedisLeaseOptions) {
    this.#options = options;
    this.key = `${options.prefix}leader`;
  }

  isLeader(): boolean {
    return this.#leader;
  }

  async start(listener: LeadershipListener): Promise<void> {
    this.#listener = listener;
    this.#client = await connectRedis({
      url: this.#options.url,
      log: this.#options.log,
      role: "lease",
      offlineQueue: false,
    });
    await this.#contend();
    this.#timer = setInterval(() => {
      this.#round = this.#round.then(() => this.#contend());
    }, this.#options.renewEveryMs ?? 1_000);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#round;
    const client = this.#client;
    if (this.#leader && client?.isReady) {
      await client.eval(RELEASE, { keys: [this.key], arguments: [this.instanceId] }).catch(() => 0);
    }
    this.#set(false);
    if (client) await closeRedis(client);
  }

  async #contend(): Promise<void> {
    const client = this.#client;
    if (!client || this.#stopped) return;
    const ttl = this.#options.ttlMs ?? 3_000;
    const renewEveryMs = this.#options.renewEveryMs ?? 1_000;
    const now = (this.#options.clock ?? Date.now)();
    try {
      const held = await withTimeout(this.#attempt(client, ttl), renewEveryMs);
      if (held) this.#heldUntil = now + ttl;
      this.#set(held);
    } catch (error) {
      // Unreachable Redis: keep leading only while the lease surely has not lapsed.
      if (this.#leader && now >= this.#heldUntil - renewEveryMs) {
        this.#options.log.warn(
          { err: (error as Error).message },
          "cannot renew the lease; stepping down",
        );
        this.#set(false);
      }
    }
  }

  async #attempt(client: Redis, ttl: number): Promise<boolean> {
    if (!this.#leader) {
      return (await client.set(this.key, this.instanceId, { NX: true, PX: ttl })) === "OK";
    }
    const renewed = await client.eval(RENEW, {
      keys: [this.key],
      arguments: [this.instanceId, String(ttl)],
    });
    return Number(renewed) === 1;
  }

  #set(leader: boolean): void {
    if (leader === this.#leader) return;
    this.#leader = leader;
    this.#options.log.info(
      { instance: this.instanceId, leader },
      leader ? "leading" : "not leading",
    );
    this.#listener?.(leader);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // The loser of the race must not reject unheard.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
