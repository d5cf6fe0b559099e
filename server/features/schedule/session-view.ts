/** A stored session as the admin API shows it (the shape: shared/schedule.ts). */
import { toPublished, type SessionView } from "../../../shared/schedule.ts";
import type { StoredSession } from "../../schedule/sql-sessions.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export function sessionView(session: StoredSession): SessionView {
  const published = toPublished(session);
  return {
    id: session.id,
    official: session.official,
    line: session.line,
    date: published.date,
    start: published.from,
    end: published.to,
    startAt: iso(session.start),
    endAt: iso(session.end),
    createdAt: iso(session.createdAt),
    createdBy: session.createdBy,
    updatedAt: iso(session.updatedAt),
    updatedBy: session.updatedBy,
  };
}
