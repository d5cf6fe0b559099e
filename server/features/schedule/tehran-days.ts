/** Tehran calendar days named in the API as Gregorian ISO dates (YYYY-MM-DD). */
import { nextTehranDayStart, tehranToMs } from "../../../shared/tehran-time.ts";

/** 00:00 Tehran of an ISO date; null when the text is not one. */
export function tehranDayOf(text: unknown): number | null {
  if (typeof text !== "string") return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return null;
  }
  return tehranToMs(y, m, d);
}

/** [from's 00:00, the 00:00 after `to`): both days included. */
export function tehranRange(from: unknown, to: unknown): { from: number; to: number } | null {
  const start = tehranDayOf(from);
  const end = tehranDayOf(to);
  if (start === null || end === null || end < start) return null;
  return { from: start, to: nextTehranDayStart(end) };
}
