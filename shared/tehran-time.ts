/**
 * Tehran wall-clock arithmetic. The metrics day starts at 00:00 Asia/Tehran. Offsets come from
 * Intl's time-zone data rather than a constant, so a future change of rule follows the platform.
 */
import {
  formatJalaliDate,
  gregorianToJalali,
  jalaliToGregorian,
  parseJalaliDate,
} from "./jalali.ts";

export const TEHRAN = "Asia/Tehran";
const DAY_MS = 86_400_000;

const partsFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: TEHRAN,
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
  weekday: "short",
});

const WEEKDAYS = ["Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"];

export interface TehranParts {
  gy: number;
  gm: number;
  gd: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Saturday (شنبه), the first day of the Iranian week, … 6 = Friday. */
  weekday: number;
}

export function tehranParts(ms: number): TehranParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(ms)) parts[part.type] = part.value;
  return {
    gy: Number(parts.year),
    gm: Number(parts.month),
    gd: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
  };
}

/** Tehran's offset from UTC at that instant, in milliseconds. */
export function tehranOffsetMs(ms: number): number {
  const p = tehranParts(ms);
  const asUtc = Date.UTC(p.gy, p.gm - 1, p.gd, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a Tehran wall-clock time happens. */
export function tehranToMs(gy: number, gm: number, gd: number, hour = 0, minute = 0): number {
  const guess = Date.UTC(gy, gm - 1, gd, hour, minute);
  const first = guess - tehranOffsetMs(guess);
  return guess - tehranOffsetMs(first);
}

/** 00:00 Tehran time of the day that contains `ms`. */
export function tehranDayStart(ms: number): number {
  const p = tehranParts(ms);
  return tehranToMs(p.gy, p.gm, p.gd);
}

/** 00:00 Tehran time of the following day. */
export function nextTehranDayStart(ms: number): number {
  return tehranDayStart(tehranDayStart(ms) + DAY_MS + 3 * 3_600_000);
}

/** The instant of a Jalali date and "HH:MM" in Tehran; null for an invalid date. */
export function jalaliTimeToMs(date: string, time: string): number | null {
  const jalali = parseJalaliDate(date);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (!jalali || !clock) return null;
  const { gy, gm, gd } = jalaliToGregorian(jalali);
  return tehranToMs(gy, gm, gd, Number(clock[1]), Number(clock[2]));
}

/** The Jalali date ("1405/09/08") of the Tehran day that contains `ms`. */
export function tehranJalaliDate(ms: number): string {
  const p = tehranParts(ms);
  return formatJalaliDate(gregorianToJalali({ gy: p.gy, gm: p.gm, gd: p.gd }));
}
