/**
 * Builds a running samad-live server from its parts: the event log, the live service, the switch
 * adapter, HTTP and sockets. server/main.ts calls it with the configuration; tests call it with
 * their own parts.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { LiveLimits } from "../shared/live-types.ts";
import { thresholdsSchema, type Reference, type Thresholds } from "../shared/reference.ts";
import type { ServerHealth, SwitchKind } from "../shared/wire.ts";
import { Counters } from "./counters.ts";
import type { EventLog } from "./events/event-log.ts";
import type { HistoryStore } from "./history/history-store.ts";
import { requirePermission } from "./gateway/access.ts";
import { createHttpApp } from "./gateway/http-app.ts";
import { attachSockets, type LiveServer } from "./gateway/sockets.ts";
import type { CheckpointStore } from "./live/checkpoint-store.ts";
import { LiveService } from "./live/live-service.ts";
import type { Logger } from "./log.ts";
import { SoloLease, type LeaderLease } from "./cluster/leader-lease.ts";
import { attachRedisAdapter } from "./cluster/socket-adapter.ts";
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
  /** Null when another process feeds the log (SWITCH=none). Run by the leader only. */
  switchAdapter: SwitchAdapter | SwitchFactory | null;
  /** @default SoloLease: this instance alone, always the leader */
  lease?: LeaderLease;
  /** Several instances on one Redis: socket.io rooms span them all. @default none */
  cluster?: { redisUrl: string; prefix: string };
  log: Logger;
  clientDir: string;
  counters?: Counters;
  /** @default the defaults of data/thresholds.json's schema */
  thresholds?: Thresholds;
  /** The SWITCH setting, for the health strip. @default the adapter's kind, or "none" */
  switchKind?: SwitchKind;
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
  lease: LeaderLease;
  /** The adapter running now: only on the leader. */
  switchRunner(): SwitchRunner | null;
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
  const live = await LiveService.start({
    reference: parts.reference,
    thresholds: thresholds.alerts,
    limits: parts.limits,
    eventLog: parts.eventLog,
    checkpoints: parts.checkpoints ?? null,
    history: parts.history ?? null,
    logger: parts.log.child({ tag: "live" }),
    counters,
    isLeader: () => lease.isLeader(),
    wallClock: parts.wallClock,
    flushIntervalMs: parts.flushIntervalMs,
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

  const http = createServer(
    withThresholds(
      thresholds,
      createHttpApp({
        snapshot: () => live.snapshot(),
        health,
        live: () => live.health(),
        counters,
        reference: parts.reference,
        clientDir: parts.clientDir,
      }),
    ),
  );
  const io = attachSockets(http, {
    snapshot: () => live.snapshot(),
    health,
    onDelta: (listener) => live.onDelta(listener),
    log: parts.log.child({ tag: "gateway" }),
  });
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

  const leadership = new Leadership(parts, live, counters, lease.shared);
  await lease.start((leader) => leadership.follow(leader));
  await leadership.settled();

  const address = http.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    http,
    io,
    live,
    lease,
    switchRunner: () => leadership.runner,
    counters,
    url: `http://${listen.host.includes(":") ? `[${listen.host}]` : listen.host}:${address.port}`,
    close() {
      closing ??= (async () => {
        // The adapter stops before the lease is handed over: its last events land before the
        // successor's first.
        leadership.follow(false);
        await leadership.settled();
        await lease.stop();
        await live.stop();
        // Closing the server drops each screen's transport: its socket.io client reconnects by
        // itself, to another instance behind the proxy when there is one.
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await detachAdapter?.();
        await parts.eventLog.close();
        await parts.history?.close();
      })();
      return closing;
    },
  };
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
