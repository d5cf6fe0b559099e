/** The admin's schedule by week, Saturday to Friday in Tehran, and the API's ISO day names. */
import { tehranDayStart, tehranParts } from "../../../shared/tehran-time.ts";

const DAY_MS = 86_400_000;
/** Midday: a day step that lands inside the intended day whatever the clocks did. */
const NOON_MS = 12 * 3_600_000;

/** 00:00 Tehran on the Saturday of the week that holds `ms`. */
export function weekStart(ms: number): number {
  const day = tehranDayStart(ms);
  const { weekday } = tehranParts(day + NOON_MS);
  return tehranDayStart(day - weekday * DAY_MS + NOON_MS);
}

/** The Saturday `weeks` later (or earlier, when negative). */
export function addWeeks(start: number, weeks: number): number {
  return tehranDayStart(start + weeks * 7 * DAY_MS + NOON_MS);
}

/** The seven days of the week, each at 00:00 Tehran. */
export function daysOfWeek(start: number): number[] {
  return Array.from({ length: 7 }, (_, i) => tehranDayStart(start + i * DAY_MS + NOON_MS));
}

/** The Gregorian ISO date (YYYY-MM-DD) of the Tehran day that holds `ms`, as the API takes it. */
export function isoDay(ms: number): string {
  const { gy, gm, gd } = tehranParts(ms);
  return `${gy}-${String(gm).padStart(2, "0")}-${String(gd).padStart(2, "0")}`;
}
