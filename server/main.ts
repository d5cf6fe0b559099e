/**
 * The composition root: reads the configuration once, builds every part from it and starts the
 * server. Nothing else reads the environment.
 */
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
import { openDatabase, type Database } from "./platform/db.ts";
import { loadAlertThresholds, loadReference } from "./reference/load-reference.ts";
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

/** The database of record, migrated; a database written by a newer version stops the start. */
async function openRecords(config: Config): Promise<Database> {
  const { databaseUrl, databaseSchema, stateDir } = config.access;
  try {
    return await openDatabase({ url: databaseUrl, schema: databaseSchema, stateDir });
  } catch (error) {
    const where = databaseUrl ? "DATABASE_URL" : `STATE_DIR (${stateDir})`;
    const message = (error as Error).message;
    return stop(
      message.startsWith("the database at")
        ? message
        : `cannot open the database at ${where} (${message})`,
    );
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
    loadAlertThresholds(config.dataDir),
  ]).catch((error: unknown) => {
    if (error instanceof ReferenceError) stop(`data in ${config.dataDir}: ${error.message}`);
    throw error;
  });
  const counters = new Counters();
  const [bus, history] = config.redisUrl
    ? await connectRedis(config, log)
    : [new MemoryBus(), new MemoryHistory()];
  const database = await openRecords(config);
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
      database,
      access: {
        sessionIdleMs: config.access.sessionIdleMinutes * 60_000,
        sessionMaxMs: config.access.sessionMaxHours * 3_600_000,
        screenIdleMs: config.access.screenIdleDays * 86_400_000,
      },
      security: {
        trustProxy: config.access.trustProxy,
        origins: { allowedOrigins: config.access.allowedOrigins },
      },
    },
    { port: config.port, host: config.host },
  ).catch((error: unknown) => stop(`cannot start: ${(error as Error).message}`));

  log.info({ url: app.url, bus: bus.kind, switch: config.switch.kind }, "serving the wall");
  console.error(`samad-live: the wall is at ${app.url}`);
  if (app.setupUrl) {
    console.error(
      `samad-live: no account yet: create the first admin at ${app.setupUrl} (valid 24 h, once)`,
    );
  }

  const shutdown = (signal: string): void => {
    log.info({ signal }, "shutting down");
    // Pending requests get a few seconds (startApp's shutdownGraceMs); nothing may hold it longer.
    setTimeout(() => {
      log.error({ signal }, "shutdown took too long: exiting");
      process.exit(1);
    }, 15_000).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

await main();
