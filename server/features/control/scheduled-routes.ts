/**
 * Scheduled changes over REST (docs/api.md): schedule a command for a time, list them, cancel one
 * not yet run. Scheduling and cancelling are audited; the run is audited as a command.
 */
import express, { type Request, type Response, type Router } from "express";
import { commandRequestSchema } from "../../../shared/control.ts";
import { actorOf, type AuditTrail } from "../../access/audit-trail.ts";
import type { Principal } from "../../access/principal.ts";
import { principalOf, requirePermission } from "../../gateway/access.ts";
import { addressOf, type HttpSecurity } from "../../gateway/authenticate.ts";
import type { ScheduledChange, ScheduledChanges } from "./scheduled-changes.ts";

/** Further ahead than this is a mistake, not a plan. */
const MAX_AHEAD_MS = 366 * 86_400_000;

export interface ScheduledRoutesDeps {
  changes: ScheduledChanges;
  audit: AuditTrail;
  security: HttpSecurity;
  /** @default Date.now */
  now?: () => number;
}

const view = (change: ScheduledChange) => ({
  ...change,
  dueAt: new Date(change.dueAt).toISOString(),
  createdAt: new Date(change.createdAt).toISOString(),
});

export function scheduledRoutes(deps: ScheduledRoutesDeps): Router {
  const router = express.Router();
  const command = requirePermission("switch:command");
  const now = deps.now ?? Date.now;
  const who = (req: Request, res: Response) => ({
    actor: actorOf(principalOf(res) as Principal),
    address: addressOf(req, deps.security.trustProxy),
  });

  router.get("/api/v1/scheduled-changes", command, async (_req, res) => {
    const changes = await deps.changes.list(now());
    res.set("cache-control", "no-store").json({ changes: changes.map(view) });
  });

  router.post("/api/v1/scheduled-changes", command, async (req, res) => {
    const { dueAt: rawDue, ...fields } = (req.body ?? {}) as Record<string, unknown>;
    const dueAt =
      typeof rawDue === "number" ? rawDue : typeof rawDue === "string" ? Date.parse(rawDue) : NaN;
    const at = now();
    if (!Number.isFinite(dueAt) || dueAt <= at || dueAt > at + MAX_AHEAD_MS) {
      res.status(400).json({ error: "dueAt: a time in the coming year (ISO or epoch ms)" });
      return;
    }
    const parsed = commandRequestSchema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res
        .status(400)
        .json({ error: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` });
      return;
    }
    const { actor, address } = who(req, res);
    const change = await deps.changes.add({ dueAt, request: parsed.data, at, by: actor, address });
    await deps.audit.append({
      at,
      actor,
      address,
      action: "command.scheduled",
      subject: parsed.data.line,
      detail: {
        scheduledId: change.id,
        dueAt: new Date(dueAt).toISOString(),
        request: parsed.data,
      },
    });
    res.status(201).json(view(change));
  });

  router.delete("/api/v1/scheduled-changes/:id", command, async (req, res) => {
    const id = Number(req.params.id);
    const change = Number.isSafeInteger(id) ? await deps.changes.get(id) : null;
    if (!change) {
      res.status(404).json({ error: "no such scheduled change" });
      return;
    }
    if (!(await deps.changes.cancel(id))) {
      res.status(409).json({ error: `it is ${change.state}, no longer pending` });
      return;
    }
    const { actor, address } = who(req, res);
    await deps.audit.append({
      at: now(),
      actor,
      address,
      action: "command.schedule-cancelled",
      subject: change.request.line,
      detail: { scheduledId: id, request: change.request },
    });
    res.status(204).end();
  });
  return router;
}
