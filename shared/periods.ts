/**
 * The inspection office's periods: Tehran calendar days named by their Gregorian ISO date (as the
 * API takes them), laid out on the Jalali calendar the office works in. A week runs Saturday to
 * Friday; a month is a Jalali month. Pure: the caller passes the instant "now" is.
 */
import {
  formatJalaliDate,
  gregorianToJalali,
  jalaliMonthLength,
  jalaliToGregorian,
  parseJalaliDate,
} from "./jalali.ts";
import { tehranParts } from "./tehran-time.ts";

/** Two Tehran calendar days, both included, as "YYYY-MM-DD". */
export interface Period {
  from: string;
  to: string;
}

export const PERIOD_KINDS = ["today", "this-week", "last-week", "this-month", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The longest period the pages ask for: a year and a day (a Jalali leap year has 366). */
export const MAX_PERIOD_DAYS = 366;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number since 1970-01-01 of a calendar date: calendar arithmetic without time zones. */
function dayNumber(iso: string): number {
  const match = ISO_DAY.exec(iso);
  if (!match) throw new RangeError(`not a date YYYY-MM-DD: ${iso}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whether the text is a real calendar date "YYYY-MM-DD". */
export function isIsoDay(text: string): boolean {
  const match = ISO_DAY.exec(text);
  return match !== null && fromDayNumber(dayNumber(text)) === text;
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** 0 = Saturday … 6 = Friday, as the Iranian week counts. */
export function weekdayOf(iso: string): number {
  // 1970-01-01 was a Thursday, day 5 of a week that starts on Saturday.
  return (((dayNumber(iso) + 5) % 7) + 7) % 7;
}

/** The Tehran calendar day the instant falls on. */
export function tehranDay(ms: number): string {
  const p = tehranParts(ms);
  return `${p.gy}-${String(p.gm).padStart(2, "0")}-${String(p.gd).padStart(2, "0")}`;
}

export function isoToJalali(iso: string): string {
  const match = ISO_DAY.exec(iso);
  if (!match) throw new RangeError(`not a date YYYY-MM-DD: ${iso}`);
  return formatJalaliDate(
    gregorianToJalali({ gy: Number(match[1]), gm: Number(match[2]), gd: Number(match[3]) }),
  );
}

/** "1405/09/08" → "2026-11-29"; null when it is not a real Jalali date. */
export function jalaliToIso(jalali: string): string | null {
  const date = parseJalaliDate(jalali);
  if (!date) return null;
  const { gy, gm, gd } = jalaliToGregorian(date);
  return `${gy}-${String(gm).padStart(2, "0")}-${String(gd).padStart(2, "0")}`;
}

const DIGITS: Record<string, string> = {};
for (let i = 0; i < 10; i += 1) {
  DIGITS[String.fromCharCode(0x06f0 + i)] = String(i); // Persian ۰–۹
  DIGITS[String.fromCharCode(0x0660 + i)] = String(i); // Arabic-Indic ٠–٩
}

/**
 * A Jalali date as someone types it: Persian or ASCII digits, "/" "-" or "." between the parts,
 * month and day with or without a leading zero. The ISO day, or null.
 */
export function parseJalaliInput(text: string): string | null {
  const ascii = text.trim().replace(/[۰-۹٠-٩]/g, (digit) => DIGITS[digit] ?? digit);
  const match = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(ascii);
  if (!match) return null;
  return jalaliToIso(`${match[1]}/${match[2]?.padStart(2, "0")}/${match[3]?.padStart(2, "0")}`);
}

/** The Saturday-to-Friday week that holds the day. */
export function weekOf(iso: string): Period {
  const from = addDays(iso, -weekdayOf(iso));
  return { from, to: addDays(from, 6) };
}

/** The Jalali month that holds the day. */
export function jalaliMonthOf(iso: string): Period {
  const [jy, jm] = isoToJalali(iso).split("/").map(Number) as [number, number, number];
  const first = formatJalaliDate({ jy, jm, jd: 1 });
  const last = formatJalaliDate({ jy, jm, jd: jalaliMonthLength(jy, jm) });
  return { from: jalaliToIso(first) ?? iso, to: jalaliToIso(last) ?? iso };
}

/** The period a picker's choice means at the instant `nowMs`; "custom" is the caller's range. */
export function periodOf(kind: Exclude<PeriodKind, "custom">, nowMs: number): Period {
  const today = tehranDay(nowMs);
  switch (kind) {
    case "today":
      return { from: today, to: today };
    case "this-week":
      return weekOf(today);
    case "last-week":
      return weekOf(addDays(today, -7));
    case "this-month":
      return jalaliMonthOf(today);
  }
}

export function periodDays(period: Period): number {
  return dayNumber(period.to) - dayNumber(period.from) + 1;
}

/** Why a custom range cannot be asked for, or null when it can. */
export function periodProblem(period: Period): "order" | "too-long" | null {
  if (period.to < period.from) return "order";
  if (periodDays(period) > MAX_PERIOD_DAYS) return "too-long";
  return null;
}

/** Every day of the period, in order. */
export function daysOf(period: Period): string[] {
  const days: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** An instant inside the Tehran day, for Intl formats that take an instant (noon: never a DST edge). */
export function middayOf(iso: string): string {
  return `${iso}T12:00:00+03:30`;
}
