/** `/healthz` (alive) and `/readyz` (ready), public for probes; docs/api.md gives their shape. */
import express, { type Router } from "express";
import type { ServerHealth } from "../../../shared/wire.ts";
import type { Counters } from "../../counters.ts";
import { publicRoute, requirePermission } from "../../gateway/access.ts";
import type { Metrics } from "../../platform/metrics.ts";
import { runChecks, type Check, type Readiness } from "./readiness.ts";

export interface HealthRoutesDeps {
  health: () => ServerHealth;
  readiness: Readiness;
  counters: Counters;
  /** Prometheus' registry; /metrics asks for health:read (a screen token will do). */
  metrics?: Metrics;
}

function byName(
  checks: readonly Check[],
): Record<string, { ok: boolean; reason?: string; detail?: string }> {
  return Object.fromEntries(
    checks.map(({ name, ok, reason, detail }) => [
      name,
      { ok, ...(reason ? { reason } : {}), ...(detail ? { detail } : {}) },
    ]),
  );
}

export function healthRoutes(deps: HealthRoutesDeps): Router {
  const router = express.Router();
  router.get("/healthz", publicRoute(), async (_req, res) => {
    const checks = (await runChecks(deps.readiness)).filter((check) => check.liveness);
    const ok = checks.every((check) => check.ok);
    res
      .status(ok ? 200 : 503)
      .set("cache-control", "no-store")
      .json({ ok, ...deps.health(), checks: byName(checks), counters: deps.counters.toJSON() });
  });
  const metrics = deps.metrics;
  if (metrics) {
    router.get("/metrics", requirePermission("health:read"), async (_req, res) => {
      const { contentType, body } = await metrics.scrape();
      res.set("content-type", contentType).set("cache-control", "no-store").send(body);
    });
  }
  router.get("/readyz", publicRoute(), async (_req, res) => {
    const checks = await runChecks(deps.readiness);
    const ready = checks.every((check) => check.ok);
    res
      .status(ready ? 200 : 503)
      .set("cache-control", "no-store")
      .json({ ready, checks: byName(checks) });
  });
  return router;
}
