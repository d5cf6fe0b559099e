/**
 * Every feature mounted on one HTTP server: the access service over the database of record, the
 * REST routes and pages of each feature, and their socket handlers. server/app.ts calls it with
 * the live parts; a new feature adds its routes and its socket feature here.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { Express } from "express";
import type { Reference, Thresholds } from "../../shared/reference.ts";
import type { Delta, Snapshot } from "../../shared/snapshot.ts";
import type { ServerHealth } from "../../shared/wire.ts";
import { AccessService, type AccessOptions } from "../access/access-service.ts";
import { AccountAdmin } from "../access/account-admin.ts";
import { Setup } from "../access/setup.ts";
import { SignIn } from "../access/sign-in.ts";
import type { Counters } from "../counters.ts";
import { adminRoutes } from "../features/admin/admin-routes.ts";
import { CommandService } from "../features/control/command-service.ts";
import { controlLive } from "../features/control/control-live.ts";
import { controlRoutes } from "../features/control/control-routes.ts";
import { ScheduledChanges } from "../features/control/scheduled-changes.ts";
import { scheduledRoutes } from "../features/control/scheduled-routes.ts";
import { ControlSettings } from "../features/control/control-settings.ts";
import { controlSettingsRoutes } from "../features/control/control-settings-routes.ts";
import type { CommandBus } from "../cluster/command-bus.ts";
import type { LiveState } from "../../shared/live-types.ts";
import { authRoutes } from "../features/auth/auth-routes.ts";
import { healthRoutes } from "../features/health/health-routes.ts";
import { inspectionPages } from "../features/inspection/inspection-pages.ts";
import type { InspectionService } from "../features/inspection/inspection-service.ts";
import { inspectionRoutes } from "../features/inspection/inspection-routes.ts";
import { builtFontFaces } from "../features/schedule/built-fonts.ts";
import { publicScheduleRoutes } from "../features/schedule/public-routes.ts";
import { scheduleRoutes } from "../features/schedule/schedule-routes.ts";
import type { Readiness } from "../features/health/readiness.ts";
import { UnmappedMembers } from "../features/wall/unmapped-members.ts";
import { wallLive } from "../features/wall/wall-live.ts";
import { wallRoutes } from "../features/wall/wall-routes.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../platform/metrics.ts";
import type { Database } from "../platform/db.ts";
import type { SqlSessions } from "../schedule/sql-sessions.ts";
import type { HttpSecurity } from "./authenticate.ts";
import { DEFAULT_BACKLOG_LIMITS, type BacklogLimits } from "./backlog.ts";
import { createHttpApp } from "./http-app.ts";
import { attachSockets, type LiveGateway } from "./sockets.ts";

export interface ServeParts {
  database: Database;
  reference: Reference;
  clientDir: string;
  log: Logger;
  counters: Counters;
  snapshot: () => Snapshot;
  health: () => ServerHealth;
  onDelta: (listener: (delta: Delta) => void) => () => void;
  readiness: Readiness;
  /** The inspection office's figures from the stored history. */
  inspection: InspectionService;
  metrics?: Metrics;
  /** data/thresholds.json, served to the wall. */
  thresholds: Thresholds;
  access?: AccessOptions;
  /** @default no proxy, no extra origins */
  security?: HttpSecurity;
  backlog?: Partial<BacklogLimits>;
  revalidateMs?: number;
  addressLimit?: { limit: number; windowMs: number };
  /** Line control: the bus to the switch's owner, and the live state commands are checked on. */
  control: { bus: CommandBus; state: () => LiveState };
  /** The published timetable: the admin edits it, everyone may read the coming week. */
  schedule: SqlSessions;
}

export interface Served {
  http: HttpServer;
  express: Express;
  gateway: LiveGateway;
  access: AccessService;
  admin: AccountAdmin;
  commands: CommandService;
  scheduled: ScheduledChanges;
  controlSettings: ControlSettings;
  /** Stops the server's own timers (the sockets' stop with the HTTP server). */
  stop(): void;
}

const PRUNE_EVERY_MS = 3_600_000;

export function serve(parts: ServeParts): Served {
  const access = new AccessService(parts.database, parts.access);
  const admin = new AccountAdmin(access);
  const security = parts.security ?? { trustProxy: "none", origins: { allowedOrigins: [] } };
  const limits = { ...DEFAULT_BACKLOG_LIMITS, ...parts.backlog };
  const unmapped = new UnmappedMembers();
  const log = parts.log.child({ tag: "gateway" });
  const { counters, clientDir } = parts;
  const commands = new CommandService({
    bus: parts.control.bus,
    audit: access.audit,
    state: parts.control.state,
    log: parts.log.child({ tag: "control" }),
  });
  const scheduled = new ScheduledChanges(parts.database);
  const controlSettings = new ControlSettings(parts.database);
  const express = createHttpApp({
    routers: [
      healthRoutes({
        health: parts.health,
        readiness: parts.readiness,
        counters,
        metrics: parts.metrics,
      }),
      authRoutes({
        access,
        signIn: new SignIn(access),
        setup: new Setup(access),
        security,
        clientDir,
        addressLimit: parts.addressLimit,
      }),
      wallRoutes({
        snapshot: parts.snapshot,
        thresholds: parts.thresholds,
        reference: parts.reference,
        unmapped,
        access,
        security,
        clientDir,
      }),
      adminRoutes({ admin, security, clientDir }),
      inspectionRoutes({ inspection: parts.inspection }),
      inspectionPages({ clientDir }),
      controlRoutes({ commands, audit: access.audit, security, clientDir }),
      scheduledRoutes({ changes: scheduled, audit: access.audit, security }),
      controlSettingsRoutes({ settings: controlSettings, audit: access.audit, security }),
      scheduleRoutes({
        sessions: parts.schedule,
        reference: parts.reference,
        database: parts.database,
        security,
      }),
      publicScheduleRoutes({
        sessions: parts.schedule,
        reference: parts.reference,
        onChange: (listener) => parts.schedule.onChange(listener),
        fontFaces: builtFontFaces(clientDir),
      }),
    ],
    access,
    security,
    clientDir,
    log,
    counters,
  });
  const http = createServer(express);
  const gateway = attachSockets(http, {
    access,
    features: [
      wallLive({
        snapshot: parts.snapshot,
        health: parts.health,
        onDelta: parts.onDelta,
        unmapped,
        limits,
        counters,
        log,
      }),
      controlLive(commands),
    ],
    log,
    counters,
    origins: security.origins,
    trustProxy: security.trustProxy,
    limits,
    revalidateMs: parts.revalidateMs,
  });
  const prune = setInterval(() => {
    access.prune().catch((error: unknown) => {
      log.warn({ err: (error as Error).message }, "could not remove expired sessions");
    });
  }, PRUNE_EVERY_MS);
  prune.unref();
  return {
    http,
    express,
    gateway,
    access,
    admin,
    commands,
    scheduled,
    controlSettings,
    stop: () => clearInterval(prune),
  };
}
