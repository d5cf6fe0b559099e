/** What the schedule panel reads and writes: docs/schedule.md. */
import type { ImportError } from "../../../shared/schedule-csv.ts";
import type { FieldError, SessionText } from "../../../shared/schedule-input.ts";
import type { SessionView } from "../../../shared/schedule.ts";

/** A session as the admin API returns it. */
export type SessionRow = SessionView;

export interface ImportDone {
  from: string;
  to: string;
  added: number;
  removed: number;
}

export type { FieldError, ImportError, SessionText };

/** The errors of a refused file or session, when the answer carries them. */
export function errorsOf<T>(data: unknown): T[] | null {
  const errors = (data as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors as T[]) : null;
}
