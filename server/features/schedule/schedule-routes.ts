/**
 * The admin's API for the published timetable: sessions of a period, one session added, changed
 * or removed, and the province's CSV imported whole (docs/schedule.md). All need schedule:write;
 * every change goes to the audit trail with the session before and after.
 */
import express, { type Request, type Response, type Router } from "express";
import type { Reference } from "../../../shared/reference.ts";
import { parseScheduleCsv } from "../../../shared/schedule-csv.ts";
import { readSession, SESSION_FIELDS, type SessionText } from "../../../shared/schedule-input.ts";
import { toPublished } from "../../../shared/schedule.ts";
import { tehranJalaliDate } from "../../../shared/tehran-time.ts";
import { actorOf, AuditTrail, type AuditActor } from "../../access/audit-trail.ts";
import type { Principal } from "../../access/principal.ts";
import { principalOf, requirePermission } from "../../gateway/access.ts";
import { addressOf, type HttpSecurity } from "../../gateway/authenticate.ts";
import type { Database } from "../../platform/db.ts";
import {
  ScheduleError,
  type SqlSessions,
  type StoredSession,
} from "../../schedule/sql-sessions.ts";
import { sessionView } from "./session-view.ts";
import { tehranRange } from "./tehran-days.ts";

/** A year and a bit: what the admin page or an integration asks at most at once. */
const MAX_RANGE_MS = 400 * 86_400_000;
/** The province's timetable for a year is about 100 kB. */
const MAX_CSV_BYTES = "2mb";

const STATUS: Record<ScheduleError["code"], number> = {
  "not-found": 404,
  overlap: 409,
  "bad-session": 400,
};

export interface ScheduleRoutesDeps {
  sessions: SqlSessions;
  reference: Pick<Reference, "officials" | "lines">;
  database: Database;
  security: HttpSecurity;
}

/** What the audit trail keeps of a session: who, where, when (Jalali and Tehran time). */
function audited(session: StoredSession) {
  return { ...toPublished(session), id: session.id };
}

export function scheduleRoutes(deps: ScheduleRoutesDeps): Router {
  const router = express.Router();
  const write = requirePermission("schedule:write");
  const audit = new AuditTrail(deps.database);
  const who = (req: Request, res: Response) => {
    const actor: AuditActor = actorOf(principalOf(res) as Principal);
    return { actor, by: actor.name ?? null, address: addressOf(req, deps.security.trustProxy) };
  };
  const failed = (res: Response, error: unknown): void => {
    if (!(error instanceof ScheduleError)) throw error;
    res.status(STATUS[error.code]).json({
      error: error.code,
      message: error.message,
      ...(error.other ? { other: sessionView(error.other) } : {}),
    });
  };
  /** The body's session, or a 400 naming each field at fault. */
  const sessionOf = (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = Object.fromEntries(
      SESSION_FIELDS.map((f) => [f, typeof body[f] === "string" ? body[f] : ""]),
    ) as SessionText;
    const read = readSession(text, deps.reference);
    if (read.ok) return read.session;
    res.status(400).json({ error: "invalid", errors: read.errors });
    return null;
  };

  router.get("/api/v1/schedule/sessions", write, async (req, res) => {
    const range = tehranRange(req.query.from, req.query.to);
    if (!range || range.to - range.from > MAX_RANGE_MS) {
      res.status(400).json({
        error: "bad-range",
        message: "send from=YYYY-MM-DD&to=YYYY-MM-DD (Tehran days, at most 400)",
      });
      return;
    }
    const sessions = await deps.sessions.between(range.from, range.to);
    res.set("cache-control", "no-store").json(sessions.map(sessionView));
  });

  router.post("/api/v1/schedule/sessions", write, async (req, res) => {
    const session = sessionOf(req, res);
    if (!session) return;
    const { actor, by, address } = who(req, res);
    const added = await deps.sessions
      .add(session, by)
      .catch((error: unknown) => failed(res, error));
    if (!added) return;
    await audit.append({
      at: Date.now(),
      actor,
      address,
      action: "schedule.session-added",
      subject: added.id,
      detail: { session: audited(added) },
    });
    res.status(201).json(sessionView(added));
  });

  router.put("/api/v1/schedule/sessions/:id", write, async (req, res) => {
    const session = sessionOf(req, res);
    if (!session) return;
    const { actor, by, address } = who(req, res);
    const changed = await deps.sessions
      .update(String(req.params.id), session, by)
      .catch((error: unknown) => failed(res, error));
    if (!changed) return;
    await audit.append({
      at: Date.now(),
      actor,
      address,
      action: "schedule.session-changed",
      subject: changed.after.id,
      detail: { before: audited(changed.before), after: audited(changed.after) },
    });
    res.json(sessionView(changed.after));
  });

  router.delete("/api/v1/schedule/sessions/:id", write, async (req, res) => {
    const { actor, address } = who(req, res);
    const removed = await deps.sessions
      .remove(String(req.params.id))
      .catch((error: unknown) => failed(res, error));
    if (!removed) return;
    await audit.append({
      at: Date.now(),
      actor,
      address,
      action: "schedule.session-removed",
      subject: removed.id,
      detail: { session: audited(removed) },
    });
    res.status(204).end();
  });

  router.post(
    "/api/v1/schedule/import",
    write,
    express.text({ type: () => true, limit: MAX_CSV_BYTES }),
    async (req, res) => {
      const text = typeof req.body === "string" ? req.body : "";
      const parsed = parseScheduleCsv(text, deps.reference);
      if (!parsed.ok) {
        res.status(422).json({ error: "invalid-file", errors: parsed.errors });
        return;
      }
      const { sessions, from, to } = parsed.timetable;
      const { actor, by, address } = who(req, res);
      const result = await deps.sessions
        .replaceRange(from, to, sessions, by)
        .catch((error: unknown) => failed(res, error));
      if (!result) return;
      const period = { from: tehranJalaliDate(from), to: tehranJalaliDate(to - 1) };
      await audit.append({
        at: Date.now(),
        actor,
        address,
        action: "schedule.imported",
        subject: `${period.from}–${period.to}`,
        detail: { ...period, ...result, bytes: Buffer.byteLength(text) },
      });
      res.json({ ...period, ...result });
    },
  );
  return router;
}
