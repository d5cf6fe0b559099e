/**
 * The composition root: reads the configuration once, builds every part from it and starts the
 * server. Nothing else reads the environment.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ReferenceError } from "../shared/reference.ts";
import { startApp, type ResumePoint, type SwitchFactory } from "./app.ts";
import { RedisLease, SoloLease } from "./cluster/leader-lease.ts";
import { ConfigError, readConfig, type Config } from "./config.ts";
import type { EventLog } from "./events/event-log.ts";
import { SqlLog } from "./events/sql-log.ts";
import { RedisStreamLog } from "./events/redis-stream-log.ts";
import { Counters } from "./counters.ts";
import { SqlHistory } from "./history/sql-history.ts";
import { createLogger, type Logger } from "./log.ts";
import { SqlCheckpoints } from "./live/sql-checkpoints.ts";
import { openDatabase, type Database } from "./platform/db.ts";
import { loadReference, loadThresholds } from "./reference/load-reference.ts";
import { createSwitch } from "./switches/create-switch.ts";
import { backfillHistory } from "./switches/simulator/backfill.ts";
import { SimulationIdentities, simulationFor } from "./switches/simulator/simulation-identity.ts";

/** SIGTERM to exit, at most: the lease handed over, screens told, the last checkpoint written. */
const SHUTDOWN_LIMIT_MS = 10_000;
/** Days of simulated past the simulator fills in, so the wall can compare with last week. */
const SIMULATED_HISTORY_DAYS = 7;

function stop(message: string): never {
  console.error(`samad-live: ${message}`);
  process.exit(1);
}

async function connectRedis(config: Config, log: Logger): Promise<EventLog> {
  const url = config.redisUrl ?? "";
  try {
    return await RedisStreamLog.connect({
      url,
      prefix: config.redisPrefix,
      log: log.child({ tag: "event-log" }),
      retentionMs: config.eventLogRetentionMs,
    });
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
    loadThresholds(config.dataDir),
  ]).catch((error: unknown) => {
    if (error instanceof ReferenceError) stop(`data in ${config.dataDir}: ${error.message}`);
    throw error;
  });
  const counters = new Counters();
  const redisLog = config.redisUrl ? await connectRedis(config, log) : null;
  const database = await openRecords(config);
  // The inspection history, also the wall's "same day last week": written as intervals close.
  const history = new SqlHistory(database, {
    reference,
    retentionDays: config.historyRetentionDays,
  });
  const eventLog = redisLog ?? new SqlLog(database, { retentionMs: config.eventLogRetentionMs });
  const simStart = config.simStart ?? Date.now();
  const makeSwitch = (start: number, resumeAt?: number) =>
    createSwitch({ config, reference, counters, log, simStart: start, resumeAt }).catch(
      (error: unknown) => stop(`SWITCH=${config.switch.kind}: ${(error as Error).message}`),
    );
  // A real switch's settings are checked now, so a mistake stops the start; the simulator is made
  // when this instance leads, carrying on the stored simulation where the log's clock has got to.
  let checked = config.switch.kind === "simulator" ? null : await makeSwitch(simStart);
  const simulations = new SimulationIdentities(database);
  const simulator = async (resume: ResumePoint) => {
    const wanted = { seed: config.simSeed, start: simStart };
    const { identity, resumeAt } = simulationFor(await simulations.load(), wanted, resume);
    await simulations.save(identity);
    log.info({ ...identity, resumeAt: resumeAt ?? null }, "simulation chosen");
    return makeSwitch(identity.start, resumeAt);
  };
  const switchAdapter: SwitchFactory | null =
    config.switch.kind === "none"
      ? null
      : async (resume) => {
          const adapter =
            config.switch.kind === "simulator"
              ? await simulator(resume)
              : (checked ?? (await makeSwitch(simStart)));
          checked = null;
          if (!adapter) throw new Error("no switch adapter");
          return adapter;
        };
  if (config.switch.kind === "simulator") {
    const filled = await backfillHistory({
      reference,
      seed: config.simSeed,
      start: simStart,
      days: SIMULATED_HISTORY_DAYS,
      history,
      records: history,
    });
    log.info({ days: filled }, "simulated the week before the start for the history");
  }
  const app = await startApp(
    {
      reference,
      eventLog,
      limits: config.limits,
      switchAdapter,
      switchKind: config.switch.kind,
      lease: config.redisUrl
        ? new RedisLease({
            url: config.redisUrl,
            prefix: config.redisPrefix,
            log: log.child({ tag: "lease" }),
          })
        : new SoloLease(),
      cluster: config.redisUrl
        ? { redisUrl: config.redisUrl, prefix: config.redisPrefix }
        : undefined,
      log,
      clientDir: config.clientDir,
      counters,
      thresholds,
      history,
      records: history,
      historyRetentionDays: config.historyRetentionDays,
      database,
      checkpoints: new SqlCheckpoints(database),
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

  // Before the addresses are printed: whoever reads them may signal at once.
  const shutdown = (signal: string): void => {
    log.info({ signal }, "shutting down");
    // Whatever hangs, the process is gone within the bound a supervisor expects.
    setTimeout(() => {
      log.error({ afterMs: SHUTDOWN_LIMIT_MS }, "shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // A library's promise that fails unheard must not take the wall down: log it, count it.
  process.on("unhandledRejection", (reason) => {
    counters.increment("process.unhandled-rejections");
    log.error(
      { err: reason instanceof Error ? reason.message : String(reason) },
      "unhandled rejection",
    );
  });
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));

  if (existsSync(path.join(config.clientDir, "index.html"))) {
    log.info(
      { url: app.url, eventLog: eventLog.kind, switch: config.switch.kind },
      "serving the wall",
    );
    console.error(`samad-live: the wall is at ${app.url}`);
  } else {
    // Without this the wall's address answers a bare 404 and nothing says why.
    const missing = `no built wall in ${config.clientDir} (CLIENT_DIR): ${app.url} answers 404; run npm run build, or set CLIENT_DIR`;
    log.error({ clientDir: config.clientDir }, missing);
    console.error(`samad-live: ${missing}`);
  }
  if (app.setupUrl) {
    console.error(
      `samad-live: no account yet: create the first admin at ${app.setupUrl} (valid 24 h, once)`,
    );
  }
}

await main();
