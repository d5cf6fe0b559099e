/**
 * One way to open a Redis connection (node-redis): a first connection that gives up with a clear
 * error after a few tries or a timeout (a port that accepts TCP and never answers must not hang
 * the start), then, once connected, reconnection with back-off for as long as it takes.
 */
import { createClient, type RedisClientType } from "redis";
import type { Logger } from "../log.ts";

export type Redis = RedisClientType;

export interface ConnectRedisOptions {
  url: string;
  log: Logger;
  /** For log lines: "event log", "lease"… */
  role: string;
  /** @default 5000 */
  connectTimeoutMs?: number;
  /**
   * Whether commands wait for a lost connection to come back (the default) or fail at once, as
   * a lease must: a renewal that waits is worse than one that fails. @default true
   */
  offlineQueue?: boolean;
}

export class RedisConnectError extends Error {
  override name = "RedisConnectError";
}

export async function connectRedis(options: ConnectRedisOptions): Promise<Redis> {
  const timeoutMs = options.connectTimeoutMs ?? 5_000;
  let connected = false;
  const client: Redis = createClient({
    url: options.url,
    disableOfflineQueue: options.offlineQueue === false,
    socket: {
      connectTimeout: timeoutMs,
      reconnectStrategy: (retries: number, cause: Error): number | Error =>
        !connected && retries >= 2 ? cause : Math.min(100 * 2 ** retries, 2_000),
    },
  });
  let lastError = "";
  client.on("error", (error: Error) => {
    // Without an error listener node-redis would throw on a lost connection.
    if (error.message !== lastError)
      options.log.warn({ role: options.role, err: error.message }, "redis");
    lastError = error.message;
  });
  client.on("ready", () => {
    if (lastError) options.log.info({ role: options.role }, "redis connected again");
    lastError = "";
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new RedisConnectError(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const connecting = client.connect().then(() => client.ping());
    // The loser of the race must not reject unheard.
    connecting.catch(() => undefined);
    await Promise.race([connecting, timeout]);
    connected = true;
    return client;
  } catch (error) {
    client.destroy();
    const why = error instanceof RedisConnectError ? error.message : (error as Error).message;
    throw new RedisConnectError(why || "connection refused");
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes a connection: politely when it is up, at once when it is not (a polite close of a
 * connection that is retrying would wait for Redis to come back). Idempotent.
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.isReady) await client.close().catch(() => client.destroy());
  else if (client.isOpen) client.destroy();
}
