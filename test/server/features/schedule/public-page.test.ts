/**
 * The public week: sessions grouped by county (governorates' lines) and by agency, the page in
 * Persian digits and Jalali dates or in English, every text from the data escaped.
 */
import { describe, expect, it } from "vitest";
import { renderPublicPage } from "../../../../server/features/schedule/public-page.ts";
import { publicSchedule, sessionsOfCounty } from "../../../../shared/public-schedule.ts";
import { jalaliTimeToMs } from "../../../../shared/tehran-time.ts";
import { smallReference } from "../../../support/reference.ts";

const reference = smallReference();
const at = (time: string) => jalaliTimeToMs("1405/09/10", time) ?? 0;
const sessions = [
  { official: "farmandar-kalat", line: "kalat", start: at("10:00"), end: at("12:00") },
  { official: "modir-behzisti", line: "behzisti", start: at("08:30"), end: at("09:30") },
  { official: "farmandar-mashhad", line: "mashhad", start: at("08:00"), end: at("09:00") },
  // A line the reference no longer has: not published.
  { official: "farmandar-kalat", line: "gone", start: at("13:00"), end: at("14:00") },
];
const week = { from: at("00:00"), to: at("00:00") + 7 * 86_400_000 };

describe("the published week", () => {
  it("groups governorates' lines by county and agencies' lines by agency", () => {
    const schedule = publicSchedule(sessions, reference);
    expect(schedule.counties.map((g) => [g.id, g.sessions.map((s) => s.official.id)])).toEqual([
      ["mashhad", ["farmandar-mashhad"]],
      ["kalat", ["farmandar-kalat"]],
    ]);
    expect(schedule.agencies.map((g) => [g.id, g.county, g.sessions.length])).toEqual([
      ["behzisti", "mashhad", 1],
    ]);
    // A county's feed holds its agencies' lines too.
    expect(sessionsOfCounty(sessions, "mashhad", reference).map((s) => s.line)).toEqual([
      "behzisti",
      "mashhad",
    ]);
  });

  it("reads in Persian with Persian digits and Jalali dates, or in English", () => {
    const schedule = publicSchedule(sessions, reference);
    const fa = renderPublicPage({ schedule, lang: "fa", ...week });
    expect(fa).toContain('<html lang="fa" dir="rtl">');
    expect(fa).toContain("۱۰ آذر");
    expect(fa).toContain("۰۸:۳۰ تا ۰۹:۳۰");
    expect(fa).not.toMatch(/>\s*\d/);
    const en = renderPublicPage({ schedule, lang: "en", ...week });
    expect(en).toContain('<html lang="en" dir="ltr">');
    expect(en).toContain("08:30–09:30");
    expect(en).toContain("Azar");
    expect(en).toContain('href="/schedule/kalat.ics?lang=en"');
  });

  it("escapes what the data holds, and says so when nothing is published", () => {
    const odd = {
      ...reference,
      officials: reference.officials.map((o) =>
        o.id === "farmandar-kalat" ? { ...o, fa: '<script>alert("x")</script>' } : o,
      ),
    };
    const html = renderPublicPage({ schedule: publicSchedule(sessions, odd), lang: "fa", ...week });
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    const empty = renderPublicPage({
      schedule: publicSchedule([], reference),
      lang: "fa",
      ...week,
    });
    expect(empty).toContain("برای این هفته نوبتی منتشر نشده است.");
  });
});
