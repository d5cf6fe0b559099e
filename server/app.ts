/**
 * Builds a running samad-live server from its parts: the event log, the live service, the switch
 * adapter, HTTP and sockets. server/main.ts calls it with the configuration; tests call it with
 * their own parts.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { alertThresholdsSchema, type AlertThresholds } from "../shared/alerts.ts";
import type { LiveLimits } from "../shared/live-types.ts";
import type { Reference } from "../shared/reference.ts";
import type { ServerHealth } from "../shared/wire.ts";
import { Counters } from "./counters.ts";
import type { EventLog } from "./events/event-log.ts";
import type { HistoryStore } from "./history/history-store.ts";
import { createHttpApp } from "./gateway/http-app.ts";
import { attachSockets, type LiveServer } from "./gateway/sockets.ts";
import type { CheckpointStore } from "./live/checkpoint-store.ts";
import { LiveService } from "./live/live-service.ts";
import type { Logger } from "./log.ts";
import type { SwitchAdapter } from "./switches/switch-adapter.ts";
import { SwitchRunner } from "./switches/switch-runner.ts";

export interface AppParts {
  reference: Reference;
  eventLog: EventLog;
  /** @default null: every start reduces the whole log kept */
  checkpoints?: CheckpointStore | null;
  /** Null when another process feeds the log (SWITCH=none). */
  switchAdapter: SwitchAdapter | null;
  log: Logger;
  clientDir: string;
  counters?: Counters;
  /** @default the defaults of data/alerts.json's schema */
  thresholds?: AlertThresholds;
  /** @default DEFAULT_LIVE_LIMITS */
  limits?: LiveLimits;
  /** @default null: no history, no comparison with last week */
  history?: HistoryStore | null;
  /** @default Date.now */
  wallClock?: () => number;
  flushIntervalMs?: number;
}

export interface RunningApp {
  http: HttpServer;
  io: LiveServer;
  live: LiveService;
  switchRunner: SwitchRunner | null;
  counters: Counters;
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
  const live = await LiveService.start({
    reference: parts.reference,
    thresholds: parts.thresholds ?? alertThresholdsSchema.parse({}),
    limits: parts.limits,
    eventLog: parts.eventLog,
    checkpoints: parts.checkpoints ?? null,
    history: parts.history ?? null,
    logger: parts.log.child({ tag: "live" }),
    counters,
    wallClock: parts.wallClock,
    flushIntervalMs: parts.flushIntervalMs,
  });
  const health = (): ServerHealth => ({
    bus: parts.eventLog.kind,
    busConnected: parts.eventLog.isConnected(),
    rejectedEvents: counters.get("events.rejected"),
    startedAt,
  });

  const http = createServer(
    createHttpApp({
      snapshot: () => live.snapshot(),
      health,
      live: () => live.health(),
      counters,
      reference: parts.reference,
      clientDir: parts.clientDir,
    }),
  );
  const io = attachSockets(http, {
    snapshot: () => live.snapshot(),
    health,
    onDelta: (listener) => live.onDelta(listener),
    log: parts.log.child({ tag: "gateway" }),
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(listen.port, listen.host, () => resolve());
  });

  const switchRunner = parts.switchAdapter
    ? new SwitchRunner({
        adapter: parts.switchAdapter,
        eventLog: parts.eventLog,
        counters,
        logger: parts.log.child({ tag: "switch" }),
      })
    : null;
  await switchRunner?.start();

  const address = http.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    http,
    io,
    live,
    switchRunner,
    counters,
    url: `http://${listen.host.includes(":") ? `[${listen.host}]` : listen.host}:${address.port}`,
    close() {
      closing ??= (async () => {
        await switchRunner?.stop();
        await live.stop();
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await parts.eventLog.close();
        await parts.history?.close();
      })();
      return closing;
    },
  };
}
