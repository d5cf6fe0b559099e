/** A stored session as the admin API shows it: Jalali date and Tehran times beside the instants. */
import { toPublished } from "../../../shared/schedule.ts";
import type { StoredSession } from "../../schedule/sql-sessions.ts";

export interface SessionView {
  id: string;
  official: string;
  line: string;
  /** Jalali, YYYY/MM/DD. */
  date: string;
  /** Tehran time, HH:MM. */
  start: string;
  end: string;
  startAt: string;
  endAt: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

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
