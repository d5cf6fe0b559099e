/**
 * The public schedule page, rendered on the server: light, readable without JavaScript, and
 * printable. Persian by default, English with ?lang=en; Jalali dates and Tehran times through
 * Intl, so Persian digits come with the Persian page. Every text from the data is escaped.
 */
import type { PublicGroup, PublicSchedule } from "../../../shared/public-schedule.ts";
import { TEHRAN } from "../../../shared/tehran-time.ts";

export type PageLang = "fa" | "en";

const TEXTS = {
  fa: {
    title: "برنامهٔ پاسخ‌گویی مسئولان در سامانهٔ سامد ۱۱۱",
    lead: "مسئولان استان خراسان رضوی در این ساعت‌ها پاسخ‌گوی تماس شهروندان با شمارهٔ ۱۱۱ هستند.",
    period: "از {from} تا {to}",
    counties: "فرمانداری‌ها",
    agencies: "دستگاه‌های اجرایی",
    day: "روز",
    time: "ساعت",
    official: "مقام پاسخ‌گو",
    line: "خط",
    calendar: "تقویم این شهرستان (iCalendar)",
    none: "برای این هفته نوبتی منتشر نشده است.",
    other: "English",
    otherHref: "?lang=en",
    timeRange: "{from} تا {to}",
  },
  en: {
    title: "When officials answer on the Samad 111 line",
    lead: "Khorasan Razavi's officials answer citizens' calls to 111 at these times.",
    period: "{from} to {to}",
    counties: "Governorates",
    agencies: "Agencies",
    day: "Day",
    time: "Time",
    official: "Official",
    line: "Line",
    calendar: "This county's calendar (iCalendar)",
    none: "No sessions are published for this week.",
    other: "فارسی",
    otherHref: "?lang=fa",
    timeRange: "{from}–{to}",
  },
} as const;

const LOCALE: Record<PageLang, string> = { fa: "fa-IR-u-ca-persian", en: "en-GB-u-ca-persian" };

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => values[key] ?? "");
}

function formats(lang: PageLang) {
  const locale = LOCALE[lang];
  const day = new Intl.DateTimeFormat(locale, {
    timeZone: TEHRAN,
    weekday: "long",
    day: "numeric",
    month: "long",
  });
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: TEHRAN,
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  const time = new Intl.DateTimeFormat(lang === "fa" ? "fa-IR" : "en-GB", {
    timeZone: TEHRAN,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return { day: (ms: number) => day.format(ms), date: (ms: number) => date.format(ms), time };
}

function groupHtml(group: PublicGroup, lang: PageLang, f: ReturnType<typeof formats>): string {
  const t = TEXTS[lang];
  const rows = group.sessions
    .map(
      (s) =>
        `<tr><td>${escapeHtml(f.day(s.start))}</td>` +
        `<td class="time">${escapeHtml(fill(t.timeRange, { from: f.time.format(s.start), to: f.time.format(s.end) }))}</td>` +
        `<td>${escapeHtml(s.official[lang])}</td><td>${escapeHtml(s.line[lang])}</td></tr>`,
    )
    .join("\n");
  const feed =
    group.kind === "county"
      ? ` <a class="feed" href="/schedule/${encodeURIComponent(group.county)}.ics${lang === "en" ? "?lang=en" : ""}">${escapeHtml(t.calendar)}</a>`
      : "";
  return `<section class="group" id="${group.kind}-${escapeHtml(group.id)}">
<h3>${escapeHtml(group[lang])}${feed}</h3>
<table><thead><tr><th>${t.day}</th><th>${t.time}</th><th>${t.official}</th><th>${t.line}</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

export function renderPublicPage(options: {
  schedule: PublicSchedule;
  lang: PageLang;
  from: number;
  /** The last instant of the period (exclusive). */
  to: number;
}): string {
  const { schedule, lang } = options;
  const t = TEXTS[lang];
  const f = formats(lang);
  const period = fill(t.period, { from: f.date(options.from), to: f.date(options.to - 1) });
  const part = (heading: string, groups: readonly PublicGroup[]) =>
    groups.length === 0
      ? ""
      : `<h2>${heading}</h2>\n${groups.map((g) => groupHtml(g, lang, f)).join("\n")}`;
  const empty = schedule.counties.length + schedule.agencies.length === 0;
  return `<!doctype html>
<html lang="${lang}" dir="${lang === "fa" ? "rtl" : "ltr"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<link rel="stylesheet" href="/schedule/schedule.css">
</head>
<body>
<header>
<nav><a href="${t.otherHref}" hreflang="${lang === "fa" ? "en" : "fa"}">${t.other}</a></nav>
<h1>${escapeHtml(t.title)}</h1>
<p class="lead">${escapeHtml(t.lead)}</p>
<p class="period">${escapeHtml(period)}</p>
</header>
<main>
${empty ? `<p class="none">${escapeHtml(t.none)}</p>` : ""}
${part(t.counties, schedule.counties)}
${part(t.agencies, schedule.agencies)}
</main>
</body>
</html>
`;
}

export const PUBLIC_PAGE_CSS = `
:root { color-scheme: light; --ink: #1b2430; --muted: #5b6675; --line: #d9dee5; --accent: #0b6e4f; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1rem 3rem; color: var(--ink);
  font-family: Vazirmatn, "Noto Sans Arabic", Tahoma, system-ui, sans-serif; line-height: 1.6; }
header nav { text-align: end; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; display: flex; gap: 1rem; flex-wrap: wrap;
  align-items: baseline; }
.lead, .period { margin: 0.25rem 0; }
.period { color: var(--muted); }
a { color: var(--accent); }
a.feed { font-size: 0.85rem; font-weight: normal; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: start; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
@media print { header nav, a.feed { display: none; } h2 { break-after: avoid; }
  .group { break-inside: avoid; } }
`;
