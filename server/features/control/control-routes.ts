/**
 * Line control over REST (docs/api.md): a command, the undo of one, the audit trail for the
 * inspection office (JSON or CSV), and the line-control page.
 */
import express, { type Request, type Response, type Router } from "express";
import { actorOf, type AuditEntry, type AuditTrail } from "../../access/audit-trail.ts";
import type { Principal } from "../../access/principal.ts";
import { principalOf, requirePagePermission, requirePermission } from "../../gateway/access.ts";
import { addressOf, type HttpSecurity } from "../../gateway/authenticate.ts";
import { sendPage } from "../../gateway/pages.ts";
import type { CommandService, CommandWho } from "./command-service.ts";

export interface ControlRoutesDeps {
  commands: CommandService;
  audit: AuditTrail;
  security: HttpSecurity;
  clientDir: string;
}

const PAGE = 5_000;
/** One answer holds at most this many entries; CSV pages through them all. */
const JSON_LIMIT = 10_000;

export function controlRoutes(deps: ControlRoutesDeps): Router {
  const router = express.Router();
  const command = requirePermission("switch:command");
  const who = (req: Request, res: Response): CommandWho => ({
    actor: actorOf(principalOf(res) as Principal),
    address: addressOf(req, deps.security.trustProxy),
  });

  router.post("/api/v1/commands", command, async (req, res) => {
    const answer = await deps.commands.run(req.body, who(req, res));
    res.status(answer.code).json(answer.body);
  });
  router.post("/api/v1/commands/:auditId/undo", command, async (req, res) => {
    const auditId = Number(req.params.auditId);
    if (!Number.isSafeInteger(auditId) || auditId <= 0) {
      res.status(400).json({ error: "auditId: a positive integer" });
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const answer = await deps.commands.undo(auditId, body.reason, who(req, res));
    res.status(answer.code).json(answer.body);
  });
  router.get("/api/v1/audit", requirePermission("inspect:read"), async (req, res) => {
    const range = timeRange(req.query);
    if (typeof range === "string") {
      res.status(400).json({ error: range });
      return;
    }
    res.set("cache-control", "no-store");
    if (req.query.format === "csv") {
      res
        .type("text/csv; charset=utf-8")
        .attachment(`audit-${new Date().toISOString().slice(0, 10)}.csv`);
      res.write(`\uFEFF${CSV_HEADER.join(",")}\r\n`);
      let afterId: number | undefined;
      for (;;) {
        const page = await deps.audit.range({ ...range, afterId, limit: PAGE });
        for (const entry of page) res.write(`${csvRow(entry)}\r\n`);
        if (page.length < PAGE) break;
        afterId = page[page.length - 1]?.id;
      }
      res.end();
      return;
    }
    const entries = await deps.audit.range({ ...range, limit: JSON_LIMIT });
    res.json({ entries: entries.map(view), truncated: entries.length === JSON_LIMIT });
  });
  router.get(
    "/audit",
    requirePagePermission("inspect:read"),
    sendPage(deps.clientDir, "audit.html"),
  );
  router.get(
    "/control",
    requirePagePermission("switch:command"),
    sendPage(deps.clientDir, "control.html"),
  );
  return router;
}

/** `from` and `to`: ISO times or epoch ms; either may be left out. */
function timeRange(query: Request["query"]): { from?: number; to?: number } | string {
  const out: { from?: number; to?: number } = {};
  for (const key of ["from", "to"] as const) {
    const raw = query[key];
    if (raw === undefined) continue;
    const text = String(raw);
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms)) return `${key}: an ISO time or epoch milliseconds`;
    out[key] = ms;
  }
  return out;
}

function view(entry: AuditEntry) {
  return { ...entry, at: new Date(entry.at).toISOString() };
}

const CSV_HEADER = [
  "id",
  "at",
  "actor",
  "actor_kind",
  "address",
  "action",
  "line",
  "from",
  "to",
  "reason",
  "result",
  "switch_response",
  "undo_of",
  "detail",
];

const text = (value: unknown): string =>
  value === undefined || value === null
    ? ""
    : typeof value === "string"
      ? value
      : JSON.stringify(value);

function csvCell(value: unknown): string {
  const s = text(value);
  // A leading = + - @ would be read as a formula by a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(entry: AuditEntry): string {
  const d = entry.detail;
  const responses = Array.isArray(d.responses) ? d.responses.map(text).join(" | ") : "";
  return [
    entry.id,
    new Date(entry.at).toISOString(),
    entry.actor.name,
    entry.actor.kind,
    entry.address,
    entry.action,
    entry.subject,
    d.from,
    d.to,
    d.reason,
    d.result,
    responses,
    d.undoOf,
    d,
  ]
    .map(csvCell)
    .join(",");
}
