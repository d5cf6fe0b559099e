/**
 * socket.io across instances: with the Redis adapter, a broadcast or a disconnect addressed to a
 * room (a revoked screen's sockets, every shift lead's screen) reaches the sockets of every
 * instance. Deltas do not go through it: each instance reduces the same log and sends its own
 * (`io.local`). The pub/sub adapter rather than the streams one: it is the one socket.io
 * maintains for node-redis, it has run here against several servers, and what it carries (rare
 * commands and disconnects) needs no replay after a lost connection.
 */
import { createAdapter } from "@socket.io/redis-adapter";
import type { Logger } from "../log.ts";
import { closeRedis, connectRedis } from "../platform/redis.ts";

export async function attachRedisAdapter(
  io: { adapter(adapter: ReturnType<typeof createAdapter>): unknown },
  options: { url: string; prefix: string; log: Logger },
): Promise<() => Promise<void>> {
  const pub = await connectRedis({ url: options.url, log: options.log, role: "socket.io adapter" });
  const sub = await connectRedis({ url: options.url, log: options.log, role: "socket.io adapter" });
  const quiet = (client: typeof pub) => heard(client, options.log);
  io.adapter(createAdapter(quiet(pub), quiet(sub), { key: `${options.prefix}socket.io` }));
  return async () => {
    await Promise.allSettled([pub, sub].map((client) => closeRedis(client)));
  };
}

/**
 * The adapter leaves the promises of its publishes and unsubscribes unheard; one that fails
 * (Redis away, or the connection closed at shutdown) would be an unhandled rejection. Each is
 * heard and logged here instead.
 */
function heard<T extends object>(client: T, log: Logger): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) {
          result.catch((error: unknown) =>
            log.debug({ err: (error as Error).message }, "socket.io adapter command failed"),
          );
        }
        return result;
      };
    },
  });
}
