/**
 * How figures, durations, dates and times read on the wall, per language. Everything goes through
 * Intl so digits follow the language (Persian digits in Persian); time is always Tehran's, taken
 * from the switch's clock that the caller passes in, never from the browser's.
 *
 * English keeps the Jalali date (the calendar the hotline's day, timetables and reports run on)
 * with Latin digits, and adds the Gregorian date for readers who think in it.
 */
export type Lang = "fa" | "en";

export interface Format {
  /** A count, with the language's digits and grouping. */
  number(value: number): string;
  /** A number with at most one decimal, e.g. a simulation's speed factor (۲٫۵). */
  decimal(value: number): string;
  /** A ratio 0–1 as a whole percent; in Persian the sign ٪ follows the number. */
  percent(ratio: number | null): string;
  /** Seconds as m:ss (h:mm:ss from an hour), the way a wait reads on a call-centre wall. */
  duration(seconds: number): string;
  /** The weekday of the Tehran day that contains the instant. */
  weekday(iso: string): string;
  /** The Jalali date of the Tehran day, e.g. ۸ آذر ۱۴۰۴. */
  date(iso: string): string;
  /** The Gregorian date for readers of the English wall; null in Persian. */
  secondaryDate(iso: string): string | null;
  /** Tehran wall-clock time, 24-hour, with seconds. */
  time(iso: string): string;
  /** Tehran hours and minutes, 24-hour: the labels of the interval charts. */
  hourMinute(iso: string): string;
  /** A span of whole minutes, e.g. "۱۲ دقیقه" (never h:mm, which would read as m:ss here). */
  minutes(seconds: number): string;
}

const TEHRAN = "Asia/Tehran";
const UNKNOWN = "—";
/** The unit after a count of minutes; the one word Intl's unit formats spell differently by ICU. */
const MINUTE_UNIT = { fa: " دقیقه", en: " min" } as const;

const LOCALES = {
  fa: { numbers: "fa-IR", jalali: "fa-IR-u-ca-persian", gregorian: null },
  en: { numbers: "en-US", jalali: "en-GB-u-ca-persian", gregorian: "en-GB" },
} as const;

function instant(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A whole percent that never claims 100 (or 0) when the ratio is not exactly that. */
export function wholePercent(ratio: number): number {
  const rounded = Math.round(ratio * 100);
  if (rounded === 100 && ratio < 1) return 99;
  if (rounded === 0 && ratio > 0) return 1;
  return Math.min(100, Math.max(0, rounded));
}

export function createFormat(lang: Lang): Format {
  const locales = LOCALES[lang];
  const count = new Intl.NumberFormat(locales.numbers, { maximumFractionDigits: 0 });
  const twoDigits = new Intl.NumberFormat(locales.numbers, {
    minimumIntegerDigits: 2,
    useGrouping: false,
  });
  const plain = new Intl.NumberFormat(locales.numbers, { useGrouping: false });
  const oneDecimal = new Intl.NumberFormat(locales.numbers, { maximumFractionDigits: 1 });
  const weekday = new Intl.DateTimeFormat(locales.jalali, { weekday: "long", timeZone: TEHRAN });
  // dateStyle "long": "full" puts the year first with a Latin comma in fa-IR (Node 20, Chromium).
  const jalali = new Intl.DateTimeFormat(locales.jalali, { dateStyle: "long", timeZone: TEHRAN });
  const gregorian = locales.gregorian
    ? new Intl.DateTimeFormat(locales.gregorian, {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: TEHRAN,
      })
    : null;
  const clock = new Intl.DateTimeFormat(locales.numbers, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone: TEHRAN,
  });
  const hourMinute = new Intl.DateTimeFormat(locales.numbers, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TEHRAN,
  });
  const onDate =
    (format: (date: Date) => string) =>
    (iso: string): string => {
      const date = instant(iso);
      return date ? format(date) : UNKNOWN;
    };

  return {
    number: (value) => (Number.isFinite(value) ? count.format(value) : UNKNOWN),
    decimal: (value) => (Number.isFinite(value) ? oneDecimal.format(value) : UNKNOWN),
    percent(ratio) {
      if (ratio === null || !Number.isFinite(ratio)) return UNKNOWN;
      const value = plain.format(wholePercent(ratio));
      // Built by hand: ICU versions disagree on where the sign and its direction marks go.
      return lang === "fa" ? `${value}٪` : `${value}%`;
    },
    duration(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) return UNKNOWN;
      const total = Math.floor(seconds);
      const hours = Math.floor(total / 3600);
      const minutes = Math.floor((total % 3600) / 60);
      const rest = twoDigits.format(total % 60);
      if (hours === 0) return `${plain.format(minutes)}:${rest}`;
      return `${plain.format(hours)}:${twoDigits.format(minutes)}:${rest}`;
    },
    weekday: onDate((date) => weekday.format(date)),
    date: onDate((date) => jalali.format(date)),
    secondaryDate: (iso) => (gregorian ? onDate((date) => gregorian.format(date))(iso) : null),
    time: onDate((date) => clock.format(date)),
    hourMinute: onDate((date) => hourMinute.format(date)),
    minutes(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) return UNKNOWN;
      return `${count.format(Math.floor(seconds / 60))}${MINUTE_UNIT[lang]}`;
    },
  };
}
