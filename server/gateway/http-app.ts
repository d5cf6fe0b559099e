/**
 * The REST side: health, the snapshot as JSON (docs/api.md), the reference names the wall shows,
 * and the built wall itself.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Express } from "express";
import type { PublicReference, Reference } from "../../shared/reference.ts";
import type { Snapshot } from "../../shared/snapshot.ts";
import type { ServerHealth } from "../../shared/wire.ts";
import type { Counters } from "../counters.ts";
import type { LiveHealth } from "../live/live-service.ts";
import { requirePermission } from "./access.ts";

export interface HttpAppDeps {
  snapshot: () => Snapshot;
  health: () => ServerHealth;
  live: () => LiveHealth;
  counters: Counters;
  reference: Reference;
  /** The built client; the wall is not served when it is missing. */
  clientDir: string;
}

/** The reference data a browser needs to name things; schedules stay on the server. */
function publicReference(reference: Reference): PublicReference {
  return {
    counties: reference.counties,
    agencies: reference.agencies,
    lines: reference.lines,
    officials: reference.officials.map(({ switchNames: _hidden, ...official }) => official),
  };
}

export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);

  app.get("/healthz", requirePermission("health:read"), (_req, res) => {
    const health = deps.health();
    const live = deps.live();
    // Frozen figures are worse than none: a wall would show them as if live.
    const ok = health.busConnected && !live.frozen;
    res.status(ok ? 200 : 503).json({
      ok,
      ...health,
      live,
      counters: deps.counters.toJSON(),
    });
  });
  app.get("/api/v1/snapshot", requirePermission("wall:read"), (_req, res) => {
    res.set("cache-control", "no-store").json(deps.snapshot());
  });
  const reference = publicReference(deps.reference);
  app.get("/api/v1/reference", requirePermission("wall:read"), (_req, res) => {
    res.json(reference);
  });
  app.use("/api", (_req, res) => {
    res.status(404).json({ error: "no such API route" });
  });

  if (existsSync(path.join(deps.clientDir, "index.html"))) {
    app.use(express.static(deps.clientDir, { index: false, maxAge: "1h" }));
    app.get("/{*splat}", requirePermission("wall:read"), (_req, res) => {
      res.set("cache-control", "no-cache").sendFile(path.join(deps.clientDir, "index.html"));
    });
  }
  return app;
}
