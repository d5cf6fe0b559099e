/**
 * The sessions of one Tehran day from the published timetable (data/sessions.json). Outside the
 * published range the timetable's first week is repeated by weekday, so the simulator and the
 * wall agree on who should be on the line on any date (test/shared/schedule.test.ts checks years
 * past the range).
 */
import { formatJalaliDate, gregorianToJalali } from "./jalali.ts";
import type { Session } from "./reference.ts";
import { jalaliTimeToMs, tehranDayStart, tehranJalaliDate, tehranParts } from "./tehran-time.ts";

export interface ScheduledSession {
  official: string;
  line: string;
  start: number;
  end: number;
}

/** Where sessions come from: the reference data, or the database of record's timetable. */
/** A stored session as the admin API shows it (docs/schedule.md): Jalali date and Tehran times
 * beside the instants. */
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

export interface SessionSource {
  readonly sessions: readonly Session[];
}

export function sessionsOfDay(reference: SessionSource, dayStart: number): ScheduledSession[] {
  const date = tehranJalaliDate(dayStart + 3_600_000);
  let sessions = reference.sessions.filter((s) => s.date === date);
  let shiftDays = 0;
  if (sessions.length === 0 && !isWithinTimetable(reference.sessions, date)) {
    const template = templateDay(reference.sessions, tehranParts(dayStart + 3_600_000).weekday);
    if (template) {
      sessions = reference.sessions.filter((s) => s.date === template);
      const templateStart = jalaliTimeToMs(template, "00:00") ?? dayStart;
      shiftDays = Math.round((dayStart - templateStart) / 86_400_000);
    }
  }
  return sessions.flatMap((s) => {
    const start = jalaliTimeToMs(s.date, s.from);
    const end = jalaliTimeToMs(s.date, s.to);
    if (start === null || end === null) return [];
    const shift = shiftDays * 86_400_000;
    return [{ official: s.official, line: s.line, start: start + shift, end: end + shift }];
  });
}

/** Jalali dates as "YYYY/MM/DD" order as strings; the file need not be sorted. */
function isWithinTimetable(sessions: readonly Session[], date: string): boolean {
  let first: string | null = null;
  let last: string | null = null;
  for (const { date: d } of sessions) {
    if (first === null || d < first) first = d;
    if (last === null || d > last) last = d;
  }
  return first !== null && last !== null && date >= first && date <= last;
}

/** The earliest date in the timetable that falls on this weekday (0 = Saturday). */
function templateDay(sessions: readonly Session[], weekday: number): string | null {
  const dates = [...new Set(sessions.map((s) => s.date))].sort();
  for (const date of dates) {
    const ms = jalaliTimeToMs(date, "12:00");
    if (ms !== null && tehranParts(ms).weekday === weekday) return date;
  }
  return null;
}

/** The timetable with the current day's sessions kept, since the wall asks several times a second. */
export class Timetable {
  #source: SessionSource;
  #dayStart = Number.NaN;
  #sessions: ScheduledSession[] = [];

  constructor(source: SessionSource) {
    this.#source = source;
  }

  /** A new timetable (the admin imported or edited sessions): the day is worked out again. */
  replace(sessions: readonly Session[]): void {
    this.#source = { sessions: [...sessions] };
    this.#dayStart = Number.NaN;
  }

  ofDay(now: number): ScheduledSession[] {
    const dayStart = tehranDayStart(now);
    if (dayStart !== this.#dayStart) {
      this.#dayStart = dayStart;
      this.#sessions = sessionsOfDay(this.#source, dayStart);
    }
    return this.#sessions;
  }

  at(now: number): ScheduledSession[] {
    return this.ofDay(now).filter((s) => s.start <= now && now < s.end);
  }
}

/** A published session (Jalali date, Tehran times) as instants; null when its date is invalid. */
export function toScheduled(session: Session): ScheduledSession | null {
  const start = jalaliTimeToMs(session.date, session.from);
  const end = jalaliTimeToMs(session.date, session.to);
  if (start === null || end === null) return null;
  return { official: session.official, line: session.line, start, end };
}

/** A session within one Tehran day as the timetable file writes it. */
export function toPublished(session: ScheduledSession): Session {
  const pad = (n: number) => String(n).padStart(2, "0");
  const start = tehranParts(session.start);
  const end = tehranParts(session.end);
  return {
    official: session.official,
    line: session.line,
    date: formatJalaliDate(gregorianToJalali(start)),
    from: `${pad(start.hour)}:${pad(start.minute)}`,
    to: `${pad(end.hour)}:${pad(end.minute)}`,
  };
}
