/**
 * Builds a running samad-live server from its parts: the event log, the live service, the switch
 * adapter (run while this instance leads), the database of record, HTTP and sockets. server/main.ts
 * calls it with the configuration; tests call it with their own parts.
 */
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { LiveLimits } from "../shared/live-types.ts";
import { thresholdsSchema, type Reference, type Thresholds } from "../shared/reference.ts";
import type { ServerHealth, SwitchKind } from "../shared/wire.ts";
import type { AccessOptions, AccessService } from "./access/access-service.ts";
import type { AccountAdmin } from "./access/account-admin.ts";
import { Setup } from "./access/setup.ts";
import { SoloLease, type LeaderLease } from "./cluster/leader-lease.ts";
import { attachRedisAdapter } from "./cluster/socket-adapter.ts";
import type { CommandService } from "./features/control/command-service.ts";
import {
  commandBus,
  scheduleRunner,
  type ControlTimings,
} from "./features/control/control-wiring.ts";
import type { ScheduledChanges } from "./features/control/scheduled-changes.ts";
import { Counters } from "./counters.ts";
import type { EventLog } from "./events/event-log.ts";
import { liveReadiness, type Readiness } from "./features/health/readiness.ts";
import type { HttpSecurity } from "./gateway/authenticate.ts";
import type { BacklogLimits } from "./gateway/backlog.ts";
import { serve } from "./gateway/serve.ts";
import type { LiveGateway, LiveServer } from "./gateway/sockets.ts";
import type { HistoryStore } from "./history/history-store.ts";
import { SqlHistory } from "./history/sql-history.ts";
import { InspectionService } from "./features/inspection/inspection-service.ts";
import type { SessionsSource } from "./schedule/sessions-source.ts";
import type { CheckpointStore } from "./live/checkpoint-store.ts";
import { LiveService, type RecordWriter } from "./live/live-service.ts";
import type { Logger } from "./log.ts";
import type { Database } from "./platform/db.ts";
import { Metrics } from "./platform/metrics.ts";
import type { SqlSessions } from "./schedule/sql-sessions.ts";
import { openTimetable } from "./schedule/timetable.ts";
import type { SwitchAdapter } from "./switches/switch-adapter.ts";
import { SwitchRunner } from "./switches/switch-runner.ts";

/** Where the log left off, for an adapter that starts on a new leader: a simulation carries on. */
export interface ResumePoint {
  /** The switch time the log has reached; null when it has none. */
  switchTime: number | null;
  /** Wall time since the log last heard the switch; null when it never did. */
  quietForMs: number | null;
}

/** Makes the switch adapter for one term of leadership. */
export type SwitchFactory = (resume: ResumePoint) => Promise<SwitchAdapter>;

export interface AppParts {
  reference: Reference;
  eventLog: EventLog;
  /** @default null: every start reduces the whole log kept */
  checkpoints?: CheckpointStore | null;
  /**
   * Where the history's intervals, calls and presence are written (by the leader).
   * @default the database of record's history (SqlHistory); null: nowhere
   */
  records?: RecordWriter | null;
  /** Days the database's history keeps. @default 400 */
  historyRetentionDays?: number;
  /** Null when another process feeds the log (SWITCH=none). Run by the leader only. */
  switchAdapter: SwitchAdapter | SwitchFactory | null;
  /** The SWITCH setting, for the health strip. @default the adapter's kind, or "none" */
  switchKind?: SwitchKind;
  /** @default SoloLease: this instance alone, always the leader */
  lease?: LeaderLease;
  /** Several instances on one Redis: socket.io rooms span them all. @default none */
  cluster?: { redisUrl: string; prefix: string };
  log: Logger;
  clientDir: string;
  counters?: Counters;
  /** @default the defaults of data/thresholds.json's schema */
  thresholds?: Thresholds;
  /** @default DEFAULT_LIVE_LIMITS */
  limits?: LiveLimits;
  /** @default null: no history, no comparison with last week */
  history?: HistoryStore | null;
  /** @default Date.now */
  wallClock?: () => number;
  flushIntervalMs?: number;
  /** The database of record (accounts, tokens, sessions, audit); closed with the app. */
  database: Database;
  /** Session limits, lock-out, setup code validity. @default see AccessOptions */
  access?: AccessOptions;
  /** @default no proxy, no extra origins */
  security?: HttpSecurity;
  /** Extra readiness checks, after the built-in ones. */
  readiness?: Readiness;
  /** The live figures count as frozen after this long without a flush. @default 10000 */
  frozenAfterMs?: number;
  /** @default DEFAULT_BACKLOG_LIMITS */
  backlog?: Partial<BacklogLimits>;
  /** How often open sockets re-check their credentials. @default 2000 */
  revalidateMs?: number;
  /** Pending requests get this long to finish at shutdown before their connections close. @default 5000 */
  shutdownGraceMs?: number;
  /** Sign-in and setup requests per address. @default 30 per 15 min */
  addressLimit?: { limit: number; windowMs: number };
  /** Prometheus' registry, served at /metrics. @default a new one */
  metrics?: Metrics;
  /** How long the switch has to answer a command and to show it, and more. @default ControlTimings' */
  control?: ControlTimings;
  /**
   * The published timetable: attendance in the inspection pages, and applied to the switch when
   * the admin says so. @default the timetable in the database of record
   */
  sessions?: SessionsSource;
  /** How often the timetable is checked for changes made by another instance. @default 30000 */
  timetablePollMs?: number;
}

export interface RunningApp {
  http: HttpServer;
  /** The Express app: its router is what the allow/deny test enumerates. */
  express: Express;
  io: LiveServer;
  /** The socket side, with the registry of every handler. */
  gateway: LiveGateway;
  live: LiveService;
  lease: LeaderLease;
  metrics: Metrics;
  /** The adapter running now: only on the leader. */
  switchRunner(): SwitchRunner | null;
  counters: Counters;
  access: AccessService;
  admin: AccountAdmin;
  /** Shift leads' commands: run, undo, and their results. */
  commands: CommandService;
  /** Changes scheduled for later, run by the leader when due. */
  scheduled: ScheduledChanges;
  /** The published timetable in the database of record (a SessionsSource for attendance). */
  sessions: SqlSessions;
  /** The one-time address where the first admin is created; null once any account exists. */
  setupUrl: string | null;
  /** The address actually bound (port 0 picks a free one). */
  url: string;
  /** Idempotent. */
  close(): Promise<void>;
}

/** The SWITCH this server runs, as the health strip names it. */
function switchKindOf(parts: AppParts): SwitchKind {
  if (parts.switchKind) return parts.switchKind;
  const source = parts.switchAdapter;
  const kind = source && typeof source !== "function" ? source.kind : null;
  return (["simulator", "ami", "queuelog"] as const).find((k) => k === kind) ?? "none";
}

export async function startApp(
  parts: AppParts,
  listen: { port: number; host: string },
): Promise<RunningApp> {
  const counters = parts.counters ?? new Counters();
  const startedAt = new Date().toISOString();
  const lease = parts.lease ?? new SoloLease();
  const thresholds = parts.thresholds ?? thresholdsSchema.parse({});
  const metrics = parts.metrics ?? new Metrics();
  counters.observe((name, by) => metrics.count(name, by));
  const sqlHistory = new SqlHistory(parts.database, {
    reference: parts.reference,
    retentionDays: parts.historyRetentionDays,
  });
  const timetable = await openTimetable({
    database: parts.database,
    reference: parts.reference,
    log: parts.log.child({ tag: "schedule" }),
    pollMs: parts.timetablePollMs,
  });
  const live = await LiveService.start({
    reference: parts.reference,
    sessions: timetable.sessions,
    thresholds: thresholds.alerts,
    limits: parts.limits,
    eventLog: parts.eventLog,
    checkpoints: parts.checkpoints ?? null,
    records: parts.records === undefined ? sqlHistory : parts.records,
    history: parts.history ?? null,
    logger: parts.log.child({ tag: "live" }),
    counters,
    isLeader: () => lease.isLeader(),
    wallClock: parts.wallClock,
    flushIntervalMs: parts.flushIntervalMs,
    frozenAfterMs: parts.frozenAfterMs,
    metrics,
  });
  const switchKind = switchKindOf(parts);
  const health = (): ServerHealth => ({
    bus: parts.eventLog.kind,
    busConnected: parts.eventLog.isConnected(),
    rejectedEvents: counters.get("events.rejected"),
    startedAt,
    switchKind,
    // From the log: an instance that does not run the simulator learns it from its heartbeats.
    simulation: live.simulation(),
  });
  const unfollowTimetable = timetable.follow((sessions) => live.model.setSessions(sessions));
  const leadership = new Leadership(parts, live, counters, lease.shared);
  const readiness = liveReadiness({
    live,
    eventLog: parts.eventLog,
    lease,
    runner: () => leadership.runner,
    more: parts.readiness,
  });

  const state = () => live.model.state;
  const bus = await commandBus({
    timings: parts.control,
    state,
    adapter: () => leadership.runner?.adapter ?? null,
    isLeader: () => lease.isLeader(),
    cluster: parts.cluster,
    log: parts.log,
  });
  const served = serve({
    ...parts,
    control: { bus, state },
    metrics,
    thresholds,
    counters,
    snapshot: () => live.snapshot(),
    health,
    onDelta: (listener) => live.onDelta(listener),
    readiness,
    inspection: new InspectionService({
      history: sqlHistory,
      sessions: parts.sessions ?? timetable.store,
      reference: parts.reference,
      now: () => live.switchNow(),
    }),
    schedule: timetable.store,
  });
  const { http, gateway, access } = served;
  const schedule = scheduleRunner({
    changes: served.scheduled,
    settings: served.controlSettings,
    commands: served.commands,
    sessions: parts.sessions ?? timetable.store,
    reference: parts.reference,
    state,
    isLeader: () => lease.isLeader(),
    timings: parts.control,
    log: parts.log,
  });
  const io = gateway.io;
  watchGauges(metrics, live, io, () => leadership.runner);
  const detachAdapter = parts.cluster
    ? await attachRedisAdapter(io, {
        url: parts.cluster.redisUrl,
        prefix: parts.cluster.prefix,
        log: parts.log.child({ tag: "cluster" }),
      })
    : null;
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(listen.port, listen.host, () => resolve());
  });

  await lease.start((leader) => leadership.follow(leader));
  await leadership.settled();
  schedule.start();

  const address = http.address() as AddressInfo;
  const url = `http://${listen.host.includes(":") ? `[${listen.host}]` : listen.host}:${address.port}`;
  const setupCode = await new Setup(access).issueIfEmpty();
  let closing: Promise<void> | null = null;
  return {
    http,
    express: served.express,
    io,
    gateway,
    live,
    lease,
    metrics,
    switchRunner: () => leadership.runner,
    counters,
    access,
    admin: served.admin,
    commands: served.commands,
    scheduled: served.scheduled,
    sessions: timetable.store,
    url,
    setupUrl: setupCode ? `${url}/setup?code=${setupCode}` : null,
    close() {
      closing ??= (async () => {
        served.stop();
        await schedule.stop();
        unfollowTimetable();
        // The adapter stops before the lease is handed over: its last events land before the
        // successor's first.
        leadership.follow(false);
        await leadership.settled();
        await lease.stop();
        await live.stop();
        // Closing drops each screen's transport: its socket.io client reconnects by itself, to
        // another instance behind the proxy when there is one.
        await closeHttp(io, http, parts.shutdownGraceMs ?? 5_000);
        await detachAdapter?.();
        await bus.close();
        await parts.eventLog.close();
        await parts.history?.close();
        await parts.database.close();
      })();
      return closing;
    },
  };
}

/** The gauges read when Prometheus scrapes: the last entry's age, events held back, sockets. */
function watchGauges(
  metrics: Metrics,
  live: LiveService,
  io: LiveServer,
  runner: () => SwitchRunner | null,
): void {
  metrics.watch({
    lastEntryAgeSeconds: () => {
      const ago = live.health().lastEntryAgoMs;
      return ago === null ? null : ago / 1000;
    },
    eventsHeldBack: () => runner()?.buffered ?? 0,
    socketsByRole: () => {
      const roles = new Map<string, number>();
      for (const socket of io.of("/").sockets.values()) {
        const role = socket.data.role ?? "unknown";
        roles.set(role, (roles.get(role) ?? 0) + 1);
      }
      return roles;
    },
  });
}

/**
 * Stops accepting, closes idle keep-alive connections at once, and gives requests in progress
 * `graceMs` to finish before their connections are closed too: one slow client cannot hold the
 * shutdown.
 */
async function closeHttp(io: LiveServer, http: HttpServer, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => io.close(() => resolve()));
  http.closeIdleConnections();
  const timer = setTimeout(() => http.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}

/** Runs the switch adapter for as long as this instance leads, and stops it when it does not. */
class Leadership {
  runner: SwitchRunner | null = null;
  #changes: Promise<void> = Promise.resolve();

  constructor(
    private readonly parts: AppParts,
    private readonly live: LiveService,
    private readonly counters: Counters,
    private readonly shared: boolean,
  ) {}

  follow(leader: boolean): void {
    this.#changes = this.#changes
      .then(() => (leader ? this.#lead() : this.#stepDown()))
      .catch((error: unknown) => {
        this.counters.increment("switch.start-failed");
        this.parts.log.error({ err: (error as Error).message }, "switch adapter failed to start");
      });
  }

  settled(): Promise<void> {
    return this.#changes;
  }

  async #lead(): Promise<void> {
    const source = this.parts.switchAdapter;
    if (!source || this.runner) return;
    const adapter = typeof source === "function" ? await source(this.live.resumePoint()) : source;
    adapter.takeOver?.(await this.live.handover());
    this.runner = new SwitchRunner({
      adapter,
      eventLog: this.parts.eventLog,
      counters: this.counters,
      logger: this.parts.log.child({ tag: "switch" }),
    });
    await this.runner.start();
  }

  async #stepDown(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    await runner?.stop({ handOver: this.shared });
  }
}
