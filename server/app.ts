/**
 * Builds a running samad-live server from its parts: bus, aggregator, switch adapter, HTTP and
 * sockets. server/main.ts calls it with the configuration; tests call it with their own parts.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { thresholdsSchema, type Reference, type Thresholds } from "../shared/reference.ts";
import type { ServerHealth, SwitchKind } from "../shared/wire.ts";
import { Aggregator } from "./aggregator/aggregator.ts";
import { publishEvents, type EventBus, type MessageHandler } from "./bus/event-bus.ts";
import { Counters } from "./counters.ts";
import type { HistoryStore } from "./history/history-store.ts";
import { createHttpApp } from "./gateway/http-app.ts";
import { requirePermission } from "./gateway/access.ts";
import { attachSockets, type LiveServer } from "./gateway/sockets.ts";
import type { Logger } from "./log.ts";
import { SimulationWatch } from "./switches/simulator/simulation-watch.ts";
import { SimulatorAdapter } from "./switches/simulator/simulator-adapter.ts";
import type { SwitchAdapter } from "./switches/switch-adapter.ts";

export interface AppParts {
  reference: Reference;
  bus: EventBus;
  /** Null when another process feeds the bus (SWITCH=none). */
  switchAdapter: SwitchAdapter | null;
  log: Logger;
  clientDir: string;
  counters?: Counters;
  /** @default the defaults of data/thresholds.json's schema */
  thresholds?: Thresholds;
  /** @default null: no history, no comparison with last week */
  history?: HistoryStore | null;
  /** @default Date.now */
  wallClock?: () => number;
  flushIntervalMs?: number;
}

export interface RunningApp {
  http: HttpServer;
  io: LiveServer;
  aggregator: Aggregator;
  counters: Counters;
  /** The address actually bound (port 0 picks a free one). */
  url: string;
  /** Idempotent. */
  close(): Promise<void>;
}

export const THRESHOLDS_ROUTE = "/api/v1/thresholds";

/** Serves data/thresholds.json, which the wall judges its tiles by and draws its legend from. */
function withThresholds(thresholds: Thresholds, app: express.Express): express.Express {
  const outer = express();
  outer.disable("x-powered-by");
  outer.get(THRESHOLDS_ROUTE, requirePermission("wall:read"), (_req, res) => {
    res.json(thresholds);
  });
  outer.use(app);
  return outer;
}

/**
 * What the wall and /healthz are told about the server's own parts. An instance without its own
 * switch adapter learns from the bus (`observe`) whether the figures are simulated.
 */
function serverHealth(
  parts: AppParts,
  counters: Counters,
): { health: () => ServerHealth; observe: MessageHandler | null } {
  const startedAt = new Date().toISOString();
  const adapter = parts.switchAdapter;
  const switchKind = (["simulator", "ami", "queuelog"] as const).find((k) => k === adapter?.kind);
  const watch = adapter ? null : new SimulationWatch();
  const simulation = adapter instanceof SimulatorAdapter ? { speed: adapter.speed } : null;
  const health = (): ServerHealth => ({
    bus: parts.bus.kind,
    busConnected: parts.bus.isConnected(),
    rejectedEvents: counters.get("events.rejected"),
    startedAt,
    switchKind: switchKind ?? ("none" satisfies SwitchKind),
    simulation: watch ? watch.simulation : simulation,
  });
  return { health, observe: watch ? (message) => watch.observe(message) : null };
}

export async function startApp(
  parts: AppParts,
  listen: { port: number; host: string },
): Promise<RunningApp> {
  const counters = parts.counters ?? new Counters();
  const thresholds = parts.thresholds ?? thresholdsSchema.parse({});
  const aggregator = new Aggregator({
    reference: parts.reference,
    log: parts.log.child({ tag: "aggregator" }),
    counters,
    thresholds: thresholds.alerts,
    history: parts.history ?? null,
    wallClock: parts.wallClock,
    flushIntervalMs: parts.flushIntervalMs,
  });
  const { health, observe } = serverHealth(parts, counters);
  await parts.bus.subscribe(
    observe
      ? (message) => {
          observe(message);
          aggregator.handleMessage(message);
        }
      : aggregator.handleMessage,
  );
  aggregator.start();

  const http = createServer(
    withThresholds(
      thresholds,
      createHttpApp({
        snapshot: () => aggregator.snapshot(),
        health,
        counters,
        reference: parts.reference,
        clientDir: parts.clientDir,
      }),
    ),
  );
  const io = attachSockets(http, {
    snapshot: () => aggregator.snapshot(),
    health,
    onDelta: (listener) => aggregator.onDelta(listener),
    log: parts.log.child({ tag: "gateway" }),
  });
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
  let closing: Promise<void> | null = null;
  return {
    http,
    io,
    aggregator,
    counters,
    url: `http://${listen.host.includes(":") ? `[${listen.host}]` : listen.host}:${address.port}`,
    close() {
      closing ??= (async () => {
        await parts.switchAdapter?.stop();
        aggregator.stop();
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await parts.bus.close();
        await parts.history?.close();
      })();
      return closing;
    },
  };
}
