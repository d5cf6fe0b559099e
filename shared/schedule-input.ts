/**
 * One session as the office writes it — official, line, Jalali date, start and end in Tehran
 * time — read into instants, with the reasons it is refused. The CSV import and the admin page's
 * form share it, so a session the one refuses the other refuses too. Pure.
 */
import { jalaliToGregorian, parseJalaliDate, type JalaliDate } from "./jalali.ts";
import type { Reference } from "./reference.ts";
import type { ScheduledSession } from "./schedule.ts";
import { tehranToMs } from "./tehran-time.ts";

export const SESSION_FIELDS = ["official", "line", "date", "start", "end"] as const;
export type SessionField = (typeof SESSION_FIELDS)[number];

/** A session as typed or imported: the text of each field. */
export type SessionText = Record<SessionField, string>;

export type SessionErrorCode =
  | "missing"
  | "unknown-official"
  | "unknown-line"
  | "bad-date"
  | "bad-time"
  | "end-not-after-start"
  | "overlap";

export interface FieldError {
  field: SessionField;
  code: SessionErrorCode;
  /** What the field held, for the message. */
  value: string;
}

export type SessionRead =
  { ok: true; session: ScheduledSession } | { ok: false; errors: FieldError[] };

const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/** Persian (۱۴۰۵) and Arabic-Indic (١٤٠٥) digits as ASCII; everything else as it is. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code - (code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_ZERO));
  });
}

/**
 * A name as people type it compared equal: Arabic yeh and kaf as the Persian letters, the
 * zero-width non-joiner and runs of spaces as one space, no tatweel, Latin letters in lower case.
 */
export function normalizeName(text: string): string {
  return asciiDigits(text)
    .replace(/\u064A/g, "\u06CC")
    .replace(/\u0649/g, "\u06CC")
    .replace(/\u0643/g, "\u06A9")
    .replace(/\u0640/g, "")
    .replace(/[\u200C\u200F\u200E\s]+/g, " ")
    .trim()
    .toLowerCase();
}

/** "1405/09/10", "1405/9/1", "۱۴۰۵/۰۹/۱۰" or with dashes; null when not a real Jalali date. */
export function readJalaliDate(text: string): JalaliDate | null {
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(asciiDigits(text).trim());
  if (!match) return null;
  const pad = (part: string | undefined) => (part ?? "").padStart(2, "0");
  return parseJalaliDate(`${match[1]}/${pad(match[2])}/${pad(match[3])}`);
}

/** "08:30", "8:30", "۰۸:۳۰" → minutes after midnight; null when not a time of day. */
export function readClock(text: string): number | null {
  const match = /^(\d{1,2})[:٫.](\d{2})$/.exec(asciiDigits(text).trim());
  if (!match) return null;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour <= 23 && minute <= 59 ? hour * 60 + minute : null;
}

type Entries = readonly { id: string; fa: string; en: string }[];

/** Each entry under its id and its normalized names, built once per list (a file has many rows). */
const indexes = new WeakMap<Entries, Map<string, string>>();

function indexOf(entries: Entries): Map<string, string> {
  let index = indexes.get(entries);
  if (!index) {
    index = new Map();
    // Names first, ids last: an id wins over a name that happens to read the same.
    for (const e of entries) index.set(normalizeName(e.en), e.id);
    for (const e of entries) index.set(normalizeName(e.fa), e.id);
    for (const e of entries) index.set(e.id.toLowerCase(), e.id);
    indexes.set(entries, index);
  }
  return index;
}

/** Finds an official or a line by its id, or by its Persian or English name. */
export function resolveId(text: string, entries: Entries): string | null {
  const wanted = normalizeName(text);
  return wanted === "" ? null : (indexOf(entries).get(wanted) ?? null);
}

/** Reads one session; every field's fault is reported, not only the first. */
export function readSession(
  text: SessionText,
  reference: Pick<Reference, "officials" | "lines">,
): SessionRead {
  const errors: FieldError[] = [];
  const fail = (field: SessionField, code: SessionErrorCode) =>
    errors.push({ field, code, value: text[field] ?? "" });
  for (const field of SESSION_FIELDS) if ((text[field] ?? "").trim() === "") fail(field, "missing");
  const filled = (field: SessionField) => (text[field] ?? "").trim() !== "";
  const official = resolveId(text.official ?? "", reference.officials);
  if (filled("official") && !official) fail("official", "unknown-official");
  const line = resolveId(text.line ?? "", reference.lines);
  if (filled("line") && !line) fail("line", "unknown-line");
  const date = readJalaliDate(text.date ?? "");
  if (filled("date") && !date) fail("date", "bad-date");
  const start = readClock(text.start ?? "");
  if (filled("start") && start === null) fail("start", "bad-time");
  const end = readClock(text.end ?? "");
  if (filled("end") && end === null) fail("end", "bad-time");
  if (start !== null && end !== null && end <= start) fail("end", "end-not-after-start");
  if (errors.length > 0 || !official || !line || !date || start === null || end === null) {
    return { ok: false, errors };
  }
  const { gy, gm, gd } = jalaliToGregorian(date);
  const at = (minutes: number) => tehranToMs(gy, gm, gd, Math.floor(minutes / 60), minutes % 60);
  return { ok: true, session: { official, line, start: at(start), end: at(end) } };
}

/** Two sessions of one official that share any minute. */
export function overlaps(a: ScheduledSession, b: ScheduledSession): boolean {
  return a.official === b.official && a.start < b.end && b.start < a.end;
}
