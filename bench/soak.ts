/**
 * `npm run soak` (never part of npm test): three instances on a Redis of the soak's own, a switch
 * at high speed, a few hundred screens in another process, for SOAK_MINUTES (default 10), while
 * faults come in turn: the lease holder killed (SIGKILL) and started again, Redis restarted, and
 * (over AMI) the switch connection cut for a few seconds, during which calls end unheard.
 * The switch (SOAK_SWITCH): `ami` (default), the simulated Asterisk of test/support driven by the
 * seeded Simulation, reached by the instances with SWITCH=ami://… through a cutting TCP proxy; or
 * `simulator`, the instances' own simulator as before. At the end it compares what every screen
 * shows, and a reduction of the whole log, with the simulation that ran, and writes
 * bench/results/soak-latest.json:
 *   published, applied, lost (must be 0), doubleCounted (must be 0), silentStaleMaxMs (the
 *   longest time a screen showed figures behind the log while saying they were live; must be 0),
 *   recoveryMaxMs (fault to every screen live and caught up; per fault, when an instance led again
 *   and when the screens followed), the load average at the end, and each process's RSS. Over
 *   AMI, `lost` is split into what calls nobody heard explain (`lostUnheard`: figures a
 *   reconciliation against Asterisk's QueueParams may reconstruct, bounded by
 *   `mayBeReconstructed`) and `lostUnexplained` (must be 0 whatever the switch).
 * Options (environment): SOAK_MINUTES, SOAK_SCREENS (300), SOAK_SPEED (60), SOAK_FAULT_EVERY_S
 * (60, or a fifth of a shorter run), SOAK_SWITCH (ami), SOAK_CUT_S (4).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "redis";
import { alertThresholdsSchema } from "../shared/alerts.ts";
import { parseSwitchEvent, type SwitchEvent } from "../shared/events.ts";
import { reduceEvents } from "../shared/live-state.ts";
import type { LogEntry } from "../server/events/event-log.ts";
import { LiveModel } from "../server/live/live-model.ts";
import type { Reference } from "../shared/reference.ts";
import { loadReference } from "../server/reference/load-reference.ts";
import { Simulation } from "../server/switches/simulator/simulation.ts";
import { callsAtRisk, SoakAsterisk, type Figure } from "./soak/ami-switch.ts";
import { Instance, ROOT, screenToken, SoakDatabase, SoakRedis, until } from "./soak/cluster.ts";
import { Child } from "./support/child.ts";
import type { ScreenFinal, ScreenState } from "./support/soak-screens-child.ts";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const SCREENS = Number(process.env.SOAK_SCREENS ?? 300);
const SPEED = Number(process.env.SOAK_SPEED ?? 60);
/** A short run still gets each fault once, while calls flow. */
const FAULT_EVERY_MS = Number(process.env.SOAK_FAULT_EVERY_S ?? Math.min(60, MINUTES * 12)) * 1000;
/** Faults stop here (a share of the run), before the simulation holds still. */
const FAULTS_UNTIL = 0.7;
const SWITCH = process.env.SOAK_SWITCH ?? "ami";
if (SWITCH !== "ami" && SWITCH !== "simulator")
  throw new Error(`SOAK_SWITCH must be ami or simulator; got "${SWITCH}"`);
const CUT_MS = Number(process.env.SOAK_CUT_S ?? 4) * 1000;
const FAULTS =
  SWITCH === "ami"
    ? ["kill the lease holder", "restart Redis", "cut the switch connection"]
    : ["kill the lease holder", "restart Redis"];
const SEED = 21;
/** A weekday morning: sessions on, callers coming. */
const START = "2026-12-01T08:30:00+03:30";
/** A screen whose view is further behind the log than this says so, or is silently stale. */
const BEHIND_WALL_MS = 2_000;
const PREFIX = `samad-soak:${randomBytes(4).toString("hex")}:`;

const log = (message: string): void => console.error(`soak: ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const redis = new SoakRedis();

async function main(): Promise<void> {
  const database = new SoakDatabase();
  const reference = await loadReference(path.join(ROOT, "data"));
  await redis.start();
  // The simulation stops here, before the end, so that at the end every screen can be compared
  // with the whole log (a little room is left for the pauses of takeovers).
  const holdAt = Date.parse(START) + MINUTES * 60_000 * SPEED * 0.8;
  const asterisk =
    SWITCH === "ami"
      ? new SoakAsterisk({ reference, seed: SEED, start: Date.parse(START), speed: SPEED, holdAt })
      : null;
  await asterisk?.start();
  const env = {
    switchEnv: asterisk?.env() ?? {
      SWITCH: "simulator",
      SIM_SEED: String(SEED),
      SIM_START: START,
      SIM_SPEED: String(SPEED),
      SIM_SKIP_IDLE: "false",
      SIM_HOLD_AT: new Date(holdAt).toISOString(),
    },
    redisUrl: redis.url,
    prefix: PREFIX,
    database: database.env,
  };
  const key = randomBytes(24).toString("hex");
  const instances = ["a", "b", "c"].map((name) => new Instance(name, env, key));
  const rss: Record<string, { rssStartMb: number | null; rssEndMb: number | null }> = {};

  let screens: Child | null = null;
  try {
    // One at a time: the first creates the schema; the others find it migrated.
    for (const instance of instances) await instance.start();
    log(`instances at ${instances.map((i) => i.url).join(" ")}, switch: ${SWITCH}`);
    await asterisk?.runOnceHeard();
    const token = screenToken(database.env);
    screens = Child.start("soak-screens-child");
    await screens.request({
      cmd: "connect",
      urls: instances.map((i) => i.url),
      count: SCREENS,
      token,
    });
    await sleep(5_000);
    for (const instance of instances)
      rss[instance.name] = { rssStartMb: instance.rssMb(), rssEndMb: null };
    rss.screens = { rssStartMb: null, rssEndMb: null };

    const watch = new StaleWatch(redis.url, screens);
    const faults: { at: number; kind: string }[] = [];
    const recoveries: number[] = [];
    const recoverySteps: { fault: string; leaderMs: number; screensMs: number }[] = [];
    const end = Date.now() + MINUTES * 60_000;
    // Faults stop before the simulation holds still: a cut with no calls proves nothing, and a
    // log that no longer moves could not show a recovery.
    const loopStart = Date.now();
    const lastFault = loopStart + MINUTES * 60_000 * FAULTS_UNTIL;
    // On a fixed timetable from the start, so slow recoveries do not push a fault out of the run.
    let nextFault = loopStart + FAULT_EVERY_MS / 2;
    let turn = 0;
    while (Date.now() < end) {
      await watch.sample();
      if (Date.now() >= nextFault && Date.now() < lastFault) {
        const kind = FAULTS[turn % FAULTS.length]!;
        turn += 1;
        const at = Date.now();
        faults.push({ at, kind });
        log(kind);
        let restarting = { restarted: Promise.resolve() };
        if (kind === "restart Redis") await redis.restart(3_000);
        else if (kind === "cut the switch connection") await asterisk?.cut(CUT_MS);
        else restarting = await killLeader(instances);
        // Recovery is the new leader's and the screens', measured while the killed instance is
        // still starting again: an instance leads, and every screen is live and caught up.
        const steps = await watch.recovered(at, instances);
        recoveries.push(steps.screensMs);
        recoverySteps.push({ fault: kind, ...steps });
        log(
          `an instance led after ${steps.leaderMs} ms, every screen caught up after ${steps.screensMs} ms`,
        );
        await restarting.restarted;
        nextFault = loopStart + FAULT_EVERY_MS * (turn + 0.5);
      }
      await sleep(500);
    }

    // The simulation holds still at its end: every screen must settle on the whole log's figures.
    await until(
      async () => ((await logHead(redis.url).catch(() => null)) ?? 0) >= holdAt,
      180_000,
      "the simulation to reach its hold",
    );
    await until(async () => (await watch.sample()).caughtUp, 60_000, "the screens to catch up");
    await sleep(3_000);
    for (const instance of instances) rss[instance.name]!.rssEndMb = instance.rssMb();
    await Promise.all(instances.map((instance) => instance.kill("SIGTERM")));
    const finals = await screens.request<ScreenFinal[]>({ cmd: "final" });
    await screens.stop({ cmd: "close" });
    const result = await compare(finals, reference, asterisk);
    const report = {
      at: new Date().toISOString(),
      minutes: MINUTES,
      screens: SCREENS,
      speed: SPEED,
      switch: SWITCH,
      faults: faults.map((f) => f.kind),
      ...result,
      silentStaleMaxMs: watch.silentStaleMaxMs,
      recoveryMaxMs: Math.max(0, ...recoveries),
      recoveries: recoverySteps,
      loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
      processes: rss,
    };
    const dir = path.join(ROOT, "bench", "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "soak-latest.json"), JSON.stringify(report, null, 2) + "\n");
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await screens?.stop({ cmd: "close" });
    await Promise.all(instances.map((instance) => instance.kill("SIGKILL")));
    await redis.destroy();
    await database.drop();
    await asterisk?.destroy();
  }
}

/**
 * Kills whichever instance holds the lease; answers once it is dead, with the promise of it
 * started again a few seconds later.
 */
async function killLeader(all: Instance[]): Promise<{ restarted: Promise<void> }> {
  let leader: Instance | undefined;
  for (const instance of all) if ((await instance.lease()) === "leader") leader = instance;
  if (!leader) return { restarted: Promise.resolve() };
  const killed = leader;
  await killed.kill("SIGKILL");
  // In an object: an async function's promise of a promise would wait for the restart too.
  return { restarted: sleep(3_000).then(() => killed.start()) };
}

/**
 * Watches every screen against the log's head: a screen whose view is more than BEHIND_WALL_MS
 * (in wall time) behind the newest switch time in the log while it says it is live is silently
 * stale; the longest such stretch of any screen is the figure.
 */
class StaleWatch {
  silentStaleMaxMs = 0;
  readonly #since = new Map<number, number>();
  constructor(
    readonly url: string,
    readonly screens: Child,
  ) {}

  async sample(): Promise<{ caughtUp: boolean }> {
    const head = await logHead(this.url).catch(() => null);
    const states = await this.screens.request<ScreenState[]>({ cmd: "state" });
    const now = Date.now();
    let caughtUp = head !== null;
    states.forEach((screen, i) => {
      const behindMs =
        head === null || screen.viewAt === null ? 0 : Math.max(0, (head - screen.viewAt) / SPEED);
      const behind = behindMs > BEHIND_WALL_MS;
      if (!screen.saysLive || behind) caughtUp = false;
      if (behind && screen.saysLive) {
        const since = this.#since.get(i) ?? now;
        this.#since.set(i, since);
        this.silentStaleMaxMs = Math.max(this.silentStaleMaxMs, now - since);
      } else this.#since.delete(i);
    });
    return { caughtUp };
  }

  /**
   * Wall time from the fault until an instance holds the lease (a switch adapter runs again) and
   * every screen is live and caught up with the log.
   */
  async recovered(
    faultAt: number,
    instances: Instance[],
  ): Promise<{ leaderMs: number; screensMs: number }> {
    let leaderMs: number | null = null;
    await until(
      async () => {
        if (leaderMs === null) {
          const leases = await Promise.all(instances.map((instance) => instance.lease()));
          if (!leases.includes("leader")) return false;
          leaderMs = Date.now() - faultAt;
        }
        return (await this.sample()).caughtUp;
      },
      120_000,
      "screens to recover",
    );
    return { leaderMs: leaderMs ?? 0, screensMs: Date.now() - faultAt };
  }
}

/** The newest switch time in the event log (its last entries' times). */
async function logHead(url: string): Promise<number | null> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const last = (await client.xRevRange(`${PREFIX}events`, "+", "-", { COUNT: 20 })) as {
      message: Record<string, string>;
    }[];
    let head: number | null = null;
    for (const entry of last) {
      const parsed = parseSwitchEvent(JSON.parse(entry.message.e ?? "null"));
      if (parsed.ok && parsed.event.type !== "switch.status")
        head = Math.max(head ?? 0, parsed.event.at);
    }
    return head;
  } finally {
    await client.close();
  }
}

/** The whole log against the simulation that ran, and every screen against the log. */
async function compare(finals: ScreenFinal[], reference: Reference, asterisk: SoakAsterisk | null) {
  await redis.start().catch(() => undefined);
  const client = createClient({ url: redis.url });
  await client.connect();
  const raw = (await client.xRange(`${PREFIX}events`, "-", "+")) as {
    id: string;
    message: Record<string, string>;
  }[];
  await client.close();
  const model = new LiveModel({
    reference,
    thresholds: alertThresholdsSchema.parse({}),
    epoch: "soak",
    now: Date.parse(START),
  });
  let applied = 0;
  let reconciled = 0;
  const refusedByType: Record<string, number> = {};
  /** A couple of each kind refused, with the clock they were judged by: what to look into. */
  const refusedExamples: Record<string, string[]> = {};
  for (const entry of raw) {
    const message = entry.message.e ?? "";
    // Reconciliations after a reconnect (issue 9 item 2), once the adapter sends them.
    if (message.includes('"type":"line.reconciled"')) reconciled += 1;
    const logEntry: LogEntry = {
      id: entry.id,
      appendedAt: Number(entry.id.split("-")[0]),
      message,
    };
    const outcome = model.apply(logEntry);
    if (outcome.ok) applied += 1;
    else {
      const key = `${outcome.reason}: ${outcome.detail}`;
      refusedByType[key] = (refusedByType[key] ?? 0) + 1;
      if ((refusedExamples[key]?.length ?? 0) < 2) {
        const clock = model.state.clock;
        (refusedExamples[key] ??= []).push(
          `${message.slice(0, 300)} appended ${logEntry.appendedAt}; the log's clock then: at ${clock.at}, appended ${clock.appendedAt}, rate ${clock.rate}`,
        );
      }
    }
  }
  const state = model.state;
  // Over AMI the truth is what the switch ran to; the simulator's is where the log got to.
  const until = asterisk?.asterisk.simNow() ?? state.switchTime;
  const truthEvents: SwitchEvent[] = new Simulation({
    reference,
    seed: SEED,
    start: Date.parse(START),
  })
    .advanceTo(until)
    .flatMap((e) => {
      const parsed = parseSwitchEvent(e);
      return parsed.ok ? [parsed.event] : [];
    });
  const truth = reduceEvents(reference, truthEvents, Date.parse(START));
  // A killed leader may have read up to a couple of seconds it never appended.
  const risk = asterisk
    ? callsAtRisk(truthEvents, asterisk.asterisk.unheard, 2_000 * SPEED)
    : new Map<string, Record<Figure, number>>();
  const sum = { lost: 0, doubleCounted: 0, lostUnexplained: 0 };
  const mayBeReconstructed = { offered: 0, answered: 0, abandoned: 0 };
  const switchDiffers: string[] = [];
  const switchCounters = asterisk?.asterisk.queues.counters();
  for (const [id, line] of truth.lines) {
    const seen = state.lines.get(id)?.counters;
    for (const field of ["offered", "answered", "abandoned"] as const) {
      const difference = (seen?.[field] ?? 0) - line.counters[field];
      const atRisk = risk.get(id)?.[field] ?? 0;
      mayBeReconstructed[field] += atRisk;
      if (difference < 0) {
        sum.lost -= difference;
        sum.lostUnexplained += Math.max(0, -difference - atRisk);
      } else sum.doubleCounted += difference;
    }
    // What a reconciliation would compare: Asterisk's Completed with the calls we saw end.
    const switchLine = switchCounters?.get(id);
    if (switchLine && seen && switchLine.completed !== seen.completed) switchDiffers.push(id);
  }
  const province = [...state.lines.values()].reduce((n, line) => n + line.counters.offered, 0);
  const screensDiffering = finals.filter((f) => f.province.offered !== province).length;
  return {
    published: raw.length,
    applied,
    refused: refusedByType,
    refusedExamples,
    lost: sum.lost,
    doubleCounted: sum.doubleCounted,
    ...(asterisk
      ? {
          lostUnheard: sum.lost - sum.lostUnexplained,
          lostUnexplained: sum.lostUnexplained,
          mayBeReconstructed,
          reconciled,
          linesBehindSwitchCompleted: switchDiffers.length,
          unheardSwitchMs: unheardMs(asterisk),
          switchEvents: asterisk.asterisk.stats,
        }
      : {}),
    lostCalls: state.lostCalls,
    offered: province,
    truthOffered: [...truth.lines.values()].reduce((n, line) => n + line.counters.offered, 0),
    screensDiffering,
  };
}

/** Switch time (ms) during which no instance heard the switch, after its clock started. */
function unheardMs(asterisk: SoakAsterisk): number {
  const now = asterisk.asterisk.simNow();
  return asterisk.asterisk.unheard.reduce((n, w) => n + Math.max(0, (w.to ?? now) - w.from), 0);
}

// Explicitly: a client library's timer must not keep a finished soak waiting.
await main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
