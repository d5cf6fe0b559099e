/** Line control's settings for admins (docs/api.md): whether the published schedule is applied. */
import express, { type Router } from "express";
import { actorOf, type AuditTrail } from "../../access/audit-trail.ts";
import type { Principal } from "../../access/principal.ts";
import { principalOf, requirePermission } from "../../gateway/access.ts";
import { addressOf, type HttpSecurity } from "../../gateway/authenticate.ts";
import type { ControlSettings } from "./control-settings.ts";

export function controlSettingsRoutes(deps: {
  settings: ControlSettings;
  audit: AuditTrail;
  security: HttpSecurity;
}): Router {
  const router = express.Router();
  const manage = requirePermission("accounts:manage");
  router.get("/api/v1/control/settings", manage, async (_req, res) => {
    res.set("cache-control", "no-store").json(await deps.settings.read());
  });
  router.put("/api/v1/control/settings", manage, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.applySchedule !== "boolean") {
      res.status(400).json({ error: "applySchedule: true or false" });
      return;
    }
    const before = await deps.settings.read();
    const after = { ...before, applySchedule: body.applySchedule };
    const at = Date.now();
    await deps.settings.write(after, at);
    await deps.audit.append({
      at,
      actor: actorOf(principalOf(res) as Principal),
      address: addressOf(req, deps.security.trustProxy),
      action: "control.settings-changed",
      detail: { before, after },
    });
    res.json(after);
  });
  return router;
}
