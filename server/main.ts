/**
 * The composition root: reads the configuration once, builds every part from it and starts the
 * server. Nothing else reads the environment.
 */
import { ReferenceError } from "../shared/reference.ts";
import { startApp } from "./app.ts";
import { MemoryBus } from "./bus/memory-bus.ts";
import { RedisBus } from "./bus/redis-bus.ts";
import type { EventBus } from "./bus/event-bus.ts";
import { ConfigError, readConfig, type Config } from "./config.ts";
import { Counters } from "./counters.ts";
import { createLogger, type Logger } from "./log.ts";
import { loadReference } from "./reference/load-reference.ts";
import { createSwitch } from "./switches/create-switch.ts";

function stop(message: string): never {
  console.error(`samad-live: ${message}`);
  process.exit(1);
}

async function createBus(config: Config, log: Logger): Promise<EventBus> {
  if (!config.redisUrl) return new MemoryBus();
  try {
    return await RedisBus.connect({
      url: config.redisUrl,
      prefix: config.redisPrefix,
      log: log.child({ tag: "redis" }),
    });
  } catch (error) {
    return stop(`cannot connect to Redis at REDIS_URL (${(error as Error).message})`);
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) stop(`configuration: ${error.message}`);
    throw error;
  }
  const log = createLogger({ level: config.logLevel });
  const reference = await loadReference(config.dataDir).catch((error: unknown) => {
    if (error instanceof ReferenceError)
      stop(`reference data in ${config.dataDir}: ${error.message}`);
    throw error;
  });
  const counters = new Counters();
  const bus = await createBus(config, log);
  const switchAdapter = await createSwitch({ config, reference, counters, log });
  const app = await startApp(
    { reference, bus, switchAdapter, log, clientDir: config.clientDir, counters },
    { port: config.port, host: config.host },
  ).catch((error: unknown) => stop(`cannot start: ${(error as Error).message}`));

  log.info(
    { url: app.url, bus: bus.kind, switch: config.switch.kind },
    "samad-live is serving the wall",
  );
  console.error(`samad-live: the wall is at ${app.url}`);

  const shutdown = (signal: string): void => {
    log.info({ signal }, "shutting down");
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

await main();
