/**
 * Where the published timetable is read for a period: the inspection office's attendance and the
 * public schedule page ask it. The database of record holds the timetable in a deployment; the
 * reference data's sessions (data/sessions.json) are the timetable until one is imported.
 */
import type { Reference } from "../../shared/reference.ts";
import { sessionsOfDay, type ScheduledSession } from "../../shared/schedule.ts";
import { nextTehranDayStart, tehranDayStart } from "../../shared/tehran-time.ts";

export interface SessionsSource {
  /** Every session that starts in [from, to), ordered by start. */
  between(from: number, to: number): Promise<ScheduledSession[]>;
}

/** The reference data's timetable, day by day (the first week repeats outside its range). */
export class ReferenceSessions implements SessionsSource {
  readonly #reference: Pick<Reference, "sessions">;

  constructor(reference: Pick<Reference, "sessions">) {
    this.#reference = reference;
  }

  async between(from: number, to: number): Promise<ScheduledSession[]> {
    const out: ScheduledSession[] = [];
    for (let day = tehranDayStart(from); day < to; day = nextTehranDayStart(day)) {
      for (const session of sessionsOfDay(this.#reference, day)) {
        if (session.start >= from && session.start < to) out.push(session);
      }
    }
    return out.sort((a, b) => a.start - b.start || a.official.localeCompare(b.official));
  }
}
