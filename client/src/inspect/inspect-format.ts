/**
 * Periods and days as the inspection pages write them: Jalali, in Tehran, with the language's
 * digits ("۳۰ آبان تا ۶ آذر ۱۴۰۵", "30 Aban – 6 Azar 1405 AP").
 */
import { middayOf, type Period } from "../../../shared/periods.ts";
import type { Lang } from "../lib/format.ts";
import { inspectEn } from "./inspect-en.ts";
import { inspectFa } from "./inspect-fa.ts";
import type { InspectMessages } from "./inspect-messages.ts";

const TEHRAN = "Asia/Tehran";
const CALENDAR = { fa: "fa-IR-u-ca-persian", en: "en-GB-u-ca-persian" } as const;

export const inspectMessages = (lang: Lang): InspectMessages =>
  lang === "en" ? inspectEn : inspectFa;

export interface PeriodFormat {
  period(period: Period): string;
  /** A day with its weekday: "شنبه ۳۰ آبان". */
  day(iso: string): string;
  /** The Tehran day an instant falls on, with its weekday. */
  dayAt(instant: string): string;
  /** A day with its year. */
  longDay(iso: string): string;
}

export function periodFormat(lang: Lang): PeriodFormat {
  const long = new Intl.DateTimeFormat(CALENDAR[lang], { dateStyle: "long", timeZone: TEHRAN });
  const day = new Intl.DateTimeFormat(CALENDAR[lang], {
    weekday: "short",
    day: "numeric",
    month: "long",
    timeZone: TEHRAN,
  });
  const at = (iso: string) => new Date(middayOf(iso));
  return {
    period: ({ from, to }) =>
      from === to ? long.format(at(from)) : long.formatRange(at(from), at(to)),
    day: (iso) => day.format(at(iso)),
    dayAt: (instant) => day.format(new Date(instant)),
    longDay: (iso) => long.format(at(iso)),
  };
}
