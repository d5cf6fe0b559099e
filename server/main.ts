/**
 * The composition root: reads the configuration once, builds every part from it and starts the
 * server. Nothing else reads the environment.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ReferenceError } from "../shared/reference.ts";
import { startApp } from "./app.ts";
import type { EventBus } from "./bus/event-bus.ts";
import { MemoryBus } from "./bus/memory-bus.ts";
import { RedisBus } from "./bus/redis-bus.ts";
import { ConfigError, readConfig, type Config } from "./config.ts";
import { Counters } from "./counters.ts";
import { MemoryHistory, type HistoryStore } from "./history/history-store.ts";
import { RedisHistory } from "./history/redis-history.ts";
import { createLogger, type Logger } from "./log.ts";
import { loadReference, loadThresholds } from "./reference/load-reference.ts";
import { createSwitch } from "./switches/create-switch.ts";
import { backfillHistory } from "./switches/simulator/backfill.ts";

/** Days of simulated past the simulator fills in, so the wall can compare with last week. */
const SIMULATED_HISTORY_DAYS = 7;

function stop(message: string): never {
  console.error(`samad-live: ${message}`);
  process.exit(1);
}

async function connectRedis(config: Config, log: Logger): Promise<[EventBus, HistoryStore]> {
  const url = config.redisUrl ?? "";
  const options = { url, prefix: config.redisPrefix };
  try {
    return await Promise.all([
      RedisBus.connect({ ...options, log: log.child({ tag: "redis" }) }),
      RedisHistory.connect({ ...options, log: log.child({ tag: "history" }) }),
    ]);
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
  const [reference, thresholds] = await Promise.all([
    loadReference(config.dataDir),
    loadThresholds(config.dataDir),
  ]).catch((error: unknown) => {
    if (error instanceof ReferenceError) stop(`data in ${config.dataDir}: ${error.message}`);
    throw error;
  });
  const counters = new Counters();
  const [bus, history] = config.redisUrl
    ? await connectRedis(config, log)
    : [new MemoryBus(), new MemoryHistory()];
  const simStart = config.simStart ?? Date.now();
  const switchAdapter = await createSwitch({ config, reference, counters, log, simStart }).catch(
    (error: unknown) => stop(`SWITCH=${config.switch.kind}: ${(error as Error).message}`),
  );
  if (config.switch.kind === "simulator") {
    const filled = await backfillHistory({
      reference,
      seed: config.simSeed,
      start: simStart,
      days: SIMULATED_HISTORY_DAYS,
      history,
    });
    log.info({ days: filled }, "simulated the week before the start for the history");
  }
  const app = await startApp(
    {
      reference,
      bus,
      switchAdapter,
      log,
      clientDir: config.clientDir,
      counters,
      thresholds,
      history,
    },
    { port: config.port, host: config.host },
  ).catch((error: unknown) => stop(`cannot start: ${(error as Error).message}`));

  if (existsSync(path.join(config.clientDir, "index.html"))) {
    log.info({ url: app.url, bus: bus.kind, switch: config.switch.kind }, "serving the wall");
    console.error(`samad-live: the wall is at ${app.url}`);
  } else {
    // Without this the wall's address answers a bare 404 and nothing says why.
    const missing = `no built wall in ${config.clientDir} (CLIENT_DIR): ${app.url} answers 404; run npm run build, or set CLIENT_DIR`;
    log.error({ clientDir: config.clientDir }, missing);
    console.error(`samad-live: ${missing}`);
  }

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
