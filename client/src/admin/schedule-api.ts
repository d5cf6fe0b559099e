/** What the schedule panel reads and writes: docs/schedule.md. */
import type { ImportError } from "../../../shared/schedule-csv.ts";
import type { FieldError, SessionText } from "../../../shared/schedule-input.ts";

export interface SessionRow {
  id: string;
  official: string;
  line: string;
  /** Jalali YYYY/MM/DD. */
  date: string;
  start: string;
  end: string;
  startAt: string;
  endAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

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
