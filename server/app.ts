/**
 * Builds a running samad-live server from its parts: bus, aggregator, switch adapter, database of
 * record, HTTP and sockets. server/main.ts calls it with the configuration; tests call it with
 * their own parts.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { alertThresholdsSchema, type AlertThresholds } from "../shared/alerts.ts";
import type { Reference } from "../shared/reference.ts";
import type { ServerHealth } from "../shared/wire.ts";
import { AccessService, type AccessOptions } from "./access/access-service.ts";
import { AccountAdmin } from "./access/account-admin.ts";
import { Setup } from "./access/setup.ts";
import { SignIn } from "./access/sign-in.ts";
import { Aggregator } from "./aggregator/aggregator.ts";
import { publishEvents, type EventBus } from "./bus/event-bus.ts";
import { Counters } from "./counters.ts";
import { adminRoutes } from "./features/admin/admin-routes.ts";
import { authRoutes } from "./features/auth/auth-routes.ts";
import { healthRoutes } from "./features/health/health-routes.ts";
import { flushCheck, type Check, type Readiness } from "./features/health/readiness.ts";
import { UnmappedMembers } from "./features/wall/unmapped-members.ts";
import { wallLive } from "./features/wall/wall-live.ts";
import { wallRoutes } from "./features/wall/wall-routes.ts";
import type { HistoryStore } from "./history/history-store.ts";
import type { HttpSecurity } from "./gateway/authenticate.ts";
import { DEFAULT_BACKLOG_LIMITS, type BacklogLimits } from "./gateway/backlog.ts";
import { createHttpApp } from "./gateway/http-app.ts";
import { attachSockets, type LiveGateway, type LiveServer } from "./gateway/sockets.ts";
import type { Logger } from "./log.ts";
import type { Database } from "./platform/db.ts";
import type { SwitchAdapter } from "./switches/switch-adapter.ts";

export interface AppParts {
  reference: Reference;
  bus: EventBus;
  /** Null when another process feeds the bus (SWITCH=none). */
  switchAdapter: SwitchAdapter | null;
  log: Logger;
  clientDir: string;
  counters?: Counters;
  /** @default the defaults of data/alerts.json's schema */
  thresholds?: AlertThresholds;
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
  /** Extra readiness checks, after the built-in ones (bus, aggregator, switch). */
  readiness?: Readiness;
  /** The aggregator counts as frozen after this long without a flush. @default 10000 */
  frozenAfterMs?: number;
  /** @default DEFAULT_BACKLOG_LIMITS */
  backlog?: Partial<BacklogLimits>;
  /** How often open sockets re-check their credentials. @default 2000 */
  revalidateMs?: number;
  /** Pending requests get this long to finish at shutdown before their connections close. @default 5000 */
  shutdownGraceMs?: number;
  /** Sign-in and setup requests per address. @default 30 per 15 min */
  addressLimit?: { limit: number; windowMs: number };
}

export interface RunningApp {
  http: HttpServer;
  /** The Express app: its router is what the allow/deny test enumerates. */
  express: Express;
  io: LiveServer;
  /** The socket side, with the registry of every handler. */
  gateway: LiveGateway;
  aggregator: Aggregator;
  counters: Counters;
  access: AccessService;
  admin: AccountAdmin;
  /** The one-time address where the first admin is created; null once any account exists. */
  setupUrl: string | null;
  /** The address actually bound (port 0 picks a free one). */
  url: string;
  /** Idempotent. */
  close(): Promise<void>;
}

export async function startApp(
  parts: AppParts,
  listen: { port: number; host: string },
): Promise<RunningApp> {
  const counters = parts.counters ?? new Counters();
  const startedAt = new Date().toISOString();
  const aggregator = new Aggregator({
    reference: parts.reference,
    log: parts.log.child({ tag: "aggregator" }),
    counters,
    thresholds: parts.thresholds ?? alertThresholdsSchema.parse({}),
    history: parts.history ?? null,
    wallClock: parts.wallClock,
    flushIntervalMs: parts.flushIntervalMs,
  });
  const health = (): ServerHealth => ({
    bus: parts.bus.kind,
    busConnected: parts.bus.isConnected(),
    rejectedEvents: counters.get("events.rejected"),
    startedAt,
  });

  await parts.bus.subscribe(aggregator.handleMessage);
  aggregator.start();
  let lastFlushAt = Date.now();
  aggregator.onDelta(() => (lastFlushAt = Date.now()));
  const readiness = async (): Promise<Check[]> =>
    [
      { name: "bus", ok: parts.bus.isConnected(), liveness: true, reason: "bus disconnected" },
      flushCheck(lastFlushAt, Date.now(), parts.frozenAfterMs ?? 10_000),
      switchCheck(aggregator.snapshot().switch.connected),
      ...((await parts.readiness?.()) ?? []),
    ].map((check) => (check.ok ? { ...check, reason: undefined } : check));

  const access = new AccessService(parts.database, parts.access);
  const admin = new AccountAdmin(access);
  const security = parts.security ?? { trustProxy: "none", origins: { allowedOrigins: [] } };
  const limits = { ...DEFAULT_BACKLOG_LIMITS, ...parts.backlog };
  const unmapped = new UnmappedMembers();
  const gatewayLog = parts.log.child({ tag: "gateway" });
  const snapshot = () => aggregator.snapshot();
  const httpApp = createHttpApp({
    routers: [
      healthRoutes({ health, readiness, counters }),
      authRoutes({
        access,
        signIn: new SignIn(access),
        setup: new Setup(access),
        security,
        clientDir: parts.clientDir,
        addressLimit: parts.addressLimit,
      }),
      wallRoutes({
        snapshot,
        reference: parts.reference,
        unmapped,
        access,
        security,
        clientDir: parts.clientDir,
      }),
      adminRoutes({ admin, security, clientDir: parts.clientDir }),
    ],
    access,
    security,
    clientDir: parts.clientDir,
    log: gatewayLog,
    counters,
  });
  const http = createServer(httpApp);
  const gateway = attachSockets(http, {
    access,
    features: [
      wallLive({
        snapshot,
        health,
        onDelta: (listener) => aggregator.onDelta(listener),
        unmapped,
        limits,
        counters,
        log: gatewayLog,
      }),
    ],
    log: gatewayLog,
    counters,
    origins: security.origins,
    trustProxy: security.trustProxy,
    limits,
    revalidateMs: parts.revalidateMs,
  });
  const io = gateway.io;
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(listen.port, listen.host, () => resolve());
  });

  const switchLog = parts.log.child({ tag: "switch" });
  if (parts.switchAdapter) {
    await parts.switchAdapter.start((events) => {
      publishEvents(parts.bus, events).catch((error: unknown) => {
        counters.increment("bus.publish-failed", events.length);
        switchLog.warn({ err: (error as Error).message, events: events.length }, "publish failed");
      });
    });
  }

  const address = http.address() as AddressInfo;
  const url = `http://${listen.host.includes(":") ? `[${listen.host}]` : listen.host}:${address.port}`;
  const setupCode = await new Setup(access).issueIfEmpty();
  const pruneTimer = setInterval(() => {
    access.prune().catch((error: unknown) => {
      gatewayLog.warn({ err: (error as Error).message }, "could not remove expired sessions");
    });
  }, 3_600_000);
  pruneTimer.unref();
  let closing: Promise<void> | null = null;
  return {
    http,
    express: httpApp,
    io,
    gateway,
    aggregator,
    counters,
    access,
    admin,
    url,
    setupUrl: setupCode ? `${url}/setup?code=${setupCode}` : null,
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer);
        await parts.switchAdapter?.stop();
        aggregator.stop();
        io.disconnectSockets(true);
        await closeHttp(io, http, parts.shutdownGraceMs ?? 5_000);
        await parts.bus.close();
        await parts.history?.close();
        await parts.database.close();
      })();
      return closing;
    },
  };
}

/** Not ready until the switch is known to be connected; why, when it is not. */
function switchCheck(connected: boolean | null): Check {
  if (connected === true) return { name: "switch", ok: true };
  return {
    name: "switch",
    ok: false,
    reason: connected === false ? "switch disconnected" : "switch state unknown",
  };
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
