/** An instant as the inspection rows label it: the Tehran day (Gregorian and Jalali) and time. */
import { tehranJalaliDate, tehranParts } from "../../../shared/tehran-time.ts";

const pad = (n: number): string => String(n).padStart(2, "0");

export function tehranClock(ms: number): { date: string; jalaliDate: string; time: string } {
  const p = tehranParts(ms);
  return {
    date: `${p.gy}-${pad(p.gm)}-${pad(p.gd)}`,
    jalaliDate: tehranJalaliDate(ms),
    time: `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
  };
}
