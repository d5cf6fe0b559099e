/**
 * Builds a running samad-live server from its parts: bus, aggregator, switch adapter, database of
 * record, HTTP and sockets. server/main.ts calls it with the configuration; tests call it with
 * their own parts.
 */
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { alertThresholdsSchema, type AlertThresholds } from "../shared/alerts.ts";
import type { Reference } from "../shared/reference.ts";
import type { ServerHealth } from "../shared/wire.ts";
import type { AccessOptions, AccessService } from "./access/access-service.ts";
import type { AccountAdmin } from "./access/account-admin.ts";
import { Setup } from "./access/setup.ts";
import { Aggregator } from "./aggregator/aggregator.ts";
import { publishEvents, type EventBus } from "./bus/event-bus.ts";
import { Counters } from "./counters.ts";
import { liveReadiness, type Readiness } from "./features/health/readiness.ts";
import type { HistoryStore } from "./history/history-store.ts";
import type { HttpSecurity } from "./gateway/authenticate.ts";
import type { BacklogLimits } from "./gateway/backlog.ts";
import { serve } from "./gateway/serve.ts";
import type { LiveGateway, LiveServer } from "./gateway/sockets.ts";
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
  const readiness = liveReadiness({
    bus: parts.bus,
    aggregator,
    frozenAfterMs: parts.frozenAfterMs,
    more: parts.readiness,
  });

  const served = serve({
    ...parts,
    counters,
    snapshot: () => aggregator.snapshot(),
    health,
    onDelta: (listener) => aggregator.onDelta(listener),
    readiness,
  });
  const { http, gateway, access } = served;
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
  let closing: Promise<void> | null = null;
  return {
    http,
    express: served.express,
    io,
    gateway,
    aggregator,
    counters,
    access,
    admin: served.admin,
    url,
    setupUrl: setupCode ? `${url}/setup?code=${setupCode}` : null,
    close() {
      closing ??= (async () => {
        served.stop();
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
