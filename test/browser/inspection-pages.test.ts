/**
 * The inspection pages in Chromium against a real server holding a simulated week of history:
 * an inspector signs in, picks last week, sees the missed sessions and each county's answer rate,
 * opens a governor's detail, downloads the table as CSV and reads it back (BOM, headers in the
 * page's language, the page's figures); the weekly account; a viewer is refused. In Persian and
 * English. Screenshots (1920×1080) go to the system's temporary directory.
 */
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../server/access/audit-trail.ts";
import type { RunningApp } from "../../server/app.ts";
import { MemoryHistory } from "../../server/history/history-store.ts";
import { SqlHistory } from "../../server/history/sql-history.ts";
import { backfillHistory } from "../../server/switches/simulator/backfill.ts";
import type { SessionRow, SummaryResponse } from "../../shared/inspection.ts";
import type { Reference } from "../../shared/reference.ts";
import { jalaliTimeToMs } from "../../shared/tehran-time.ts";
import { bearer, CLIENT_DIR, screenToken, startTestApp } from "../support/app.ts";
import { launchChromium } from "../support/browser.ts";
import { parseCsv } from "../support/csv.ts";
import { testDatabase, type TestDatabase } from "../support/database.ts";
import { provinceReference } from "../support/reference.ts";

/** Saturday 1405/09/07 09:00: "last week" is Saturday 1405/08/30 to Friday 1405/09/06, simulated. */
const NOW = jalaliTimeToMs("1405/09/07", "09:00") ?? 0;
const LAST_WEEK = "from=2026-11-21&to=2026-11-27";
const PASSWORD = "correct horse battery";
const shot = (name: string) => path.join(tmpdir(), `samad-${name}.png`);

let app: RunningApp;
let data: TestDatabase;
let browser: Browser;
let reference: Reference;
let token: string;
const violations: string[] = [];

beforeAll(async () => {
  reference = await provinceReference();
  data = testDatabase("sqlite");
  const database = await data.open();
  await backfillHistory({
    reference,
    seed: 5,
    start: NOW,
    days: 7,
    history: new MemoryHistory(),
    records: new SqlHistory(database, { reference }),
  });
  app = await startTestApp({ reference, database, wallClock: () => NOW, clientDir: CLIENT_DIR });
  await app.admin.addAccount({ name: "parvin", role: "inspector", password: PASSWORD }, SYSTEM);
  await app.admin.addAccount({ name: "vahid", role: "viewer", password: PASSWORD }, SYSTEM);
  token = await screenToken(app, "inspector");
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await data?.destroy();
});

async function api<T>(query: string): Promise<T> {
  const response = await fetch(`${app.url}/api/v1/inspection/${query}`, { headers: bearer(token) });
  return (await response.json()) as T;
}

/** A signed-in page whose clock says NOW (the picker's "last week" depends on it). */
async function signedIn(name: string, lang: "fa" | "en", target: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (/CSP violation|Content Security Policy/i.test(message.text()))
      violations.push(`${lang}: ${message.text()}`);
  });
  page.on("pageerror", (error) => violations.push(`${lang}: page error ${error.message}`));
  await page.goto(`${app.url}${target}${lang === "en" ? "?lang=en" : ""}`);
  await page.waitForURL(/\/login\?/);
  await page.fill("input[name=name]", name);
  await page.fill("input[name=password]", PASSWORD);
  await page.click("button[type=submit]");
  return page;
}

/** Persian digits and separators to ASCII, as a reader would copy a figure off the page. */
const ascii = (text: string) =>
  text
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٬,]/g, "")
    .replace(/٫/g, ".")
    .trim();

const MESSAGES = {
  fa: { missed: "غایب", csvId: "شناسه", answered: "پاسخ‌داده", percent: /^[۰-۹]+٪$/ },
  en: { missed: "Missed", csvId: "id", answered: "answered", percent: /^\d+%$/ },
} as const;

describe.each(["fa", "en"] as const)("the inspection pages in %s", (lang) => {
  const m = MESSAGES[lang];

  it("answer who missed a session last week and each county's answer rate, and export it", async () => {
    const page = await signedIn("parvin", lang, "/inspection");
    await page.waitForSelector("table.summary");
    expect(await page.getAttribute("html", "dir")).toBe(lang === "fa" ? "rtl" : "ltr");

    await page.click("button[data-period=last-week]");
    await page.click("button[data-by=county]");
    await page.waitForSelector(".inspection[data-period='2026-11-21/2026-11-27']");
    await page.waitForSelector("table.summary[data-by=county] tbody tr");
    const expected = await api<SummaryResponse>(`summary?${LAST_WEEK}&by=county`);
    // Every county, each with its answer rate as the API has it.
    expect(await page.locator("table.summary tbody tr").count()).toBe(reference.counties.length);
    for (const row of expected.rows.filter((r) => r.answerRate !== null)) {
      const cell = page.locator(`tr[data-row=${row.id}] td[data-column=answerRate]`);
      const text = await cell.innerText();
      expect(text).toMatch(m.percent);
      expect(Number(ascii(text).replace(/[%٪]/, ""))).toBe(
        Math.min(99, Math.max(1, Math.round((row.answerRate ?? 0) * 100))),
      );
    }

    // The missed and late sessions, missed first.
    const sessions = await api<{ rows: SessionRow[] }>(`sessions?${LAST_WEEK}`);
    const owed = sessions.rows.filter((r) => r.status === "missed" || r.status === "late");
    const missed = sessions.rows.filter((r) => r.status === "missed");
    expect(missed.length).toBeGreaterThan(0);
    const listed = page.locator("section.missed tbody tr");
    await listed.first().waitFor();
    expect(await listed.count()).toBe(owed.length);
    for (let i = 0; i < missed.length; i += 1) {
      expect(await listed.nth(i).getAttribute("data-state")).toBe("missed");
      expect(await listed.nth(i).innerText()).toContain(m.missed);
    }
    await page.screenshot({ path: shot(`inspection-${lang}`) });

    // A day's unanswered calls for calling back, the caller masked: the latest day that had any.
    const unanswered = page.locator("section.abandoned tr[data-abandoned]");
    await unanswered.first().waitFor();
    const day = await page.inputValue("select[name=abandoned-day]");
    const expectedCalls = await api<{ rows: unknown[] }>(`abandoned?date=${day}`);
    expect(await unanswered.count()).toBe(expectedCalls.rows.length);
    expect(await unanswered.first().locator("td").last().innerText()).toMatch(/^(.{4}…|—)$/);

    // The table as CSV, read back: BOM, headers in the page's language, the page's figures.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("a[data-export=summary]"),
    ]);
    expect(download.suggestedFilename()).toBe(
      `samad-inspection-summary-county-2026-11-21-2026-11-27-${lang}-v2.csv`,
    );
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString("utf8"));
    expect(header?.[0]).toBe(m.csvId);
    expect(header?.at(-1)).toBe(lang === "fa" ? "نسخهٔ تعریف شاخص‌ها" : "definitions");
    expect(rows).toHaveLength(reference.counties.length);
    const answeredAt = header?.indexOf(m.answered) ?? -1;
    expect(answeredAt).toBeGreaterThan(0);
    for (const row of rows) {
      const id = row[0] ?? "";
      const onPage = await page.locator(`tr[data-row=${id}] td[data-column=answered]`).innerText();
      expect(row[answeredAt], id).toBe(ascii(onPage));
    }
    await page.context().close();
  }, 120_000);

  it("open a governor's detail: the chart, the sessions and the calls", async () => {
    const page = await signedIn("parvin", lang, "/inspection");
    await page.waitForSelector("table.summary");
    // Last week again, typed as a custom range the way the office writes dates.
    await page.click("button[data-period=custom]");
    await page.fill("input[name=from]", lang === "fa" ? "۱۴۰۵/۰۸/۳۰" : "1405/8/30");
    await page.fill("input[name=to]", lang === "fa" ? "۱۴۰۵/۰۹/۰۶" : "1405/09/06");
    await page.click("form.custom button[type=submit]");
    await page.click("button[data-by=official]");
    await page.waitForSelector(".inspection[data-period='2026-11-21/2026-11-27']");
    await page.click("tr[data-row=farmandar-mashhad] button.open");
    const detail = page.locator("[data-detail=farmandar-mashhad]");
    await detail.locator("canvas").first().waitFor();
    await detail.locator("table.calls tbody tr").first().waitFor();
    const sessions = await api<{ rows: SessionRow[] }>(`sessions?${LAST_WEEK}`);
    const own = sessions.rows.filter((r) => r.official === "farmandar-mashhad");
    expect(own.length).toBeGreaterThan(0);
    expect(await detail.locator("table.sessions tbody tr").count()).toBe(own.length);
    // The chart has drawn something: not a blank canvas.
    const painted = await detail
      .locator("canvas")
      .first()
      .evaluate((canvas) => {
        const c = canvas as HTMLCanvasElement;
        const pixels = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? [];
        const colours = new Set<number>();
        for (let i = 0; i < pixels.length; i += 4 * 97) colours.add(pixels[i] ?? 0);
        return colours.size;
      });
    expect(painted).toBeGreaterThan(3);
    // No part of the page wider than the screen (an RTL overflow shows as a horizontal scroll).
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await detail.screenshot({ path: shot(`inspection-detail-${lang}`) });

    // The governor's calls as CSV: the same calls the page lists, the period in every row.
    const calls = await api<{ rows: unknown[] }>(
      `calls?${LAST_WEEK}&by=official&id=farmandar-mashhad`,
    );
    expect(await detail.locator("table.calls tbody tr").count()).toBe(
      Math.min(200, calls.rows.length),
    );
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      detail.locator("a[data-export=calls]").click(),
    ]);
    const bytes = readFileSync(await download.path());
    const [, ...rows] = parseCsv(bytes.subarray(3).toString("utf8"));
    expect(rows).toHaveLength(calls.rows.length);
    // The office's files carry Jalali dates; English ones ISO dates for other systems.
    const period = lang === "fa" ? "1405/08/30..1405/09/06" : "2026-11-21..2026-11-27";
    expect(rows.every((row) => row.at(-2) === period)).toBe(true);
    await page.context().close();
  }, 120_000);

  it("give the weekly account with the inspection table's figures", async () => {
    const page = await signedIn("parvin", lang, "/inspection/week");
    await page.waitForSelector(".week .headline");
    expect(await page.getAttribute(".week", "data-week")).toBe("2026-11-21");
    const byCounty = await api<SummaryResponse>(`summary?${LAST_WEEK}&by=county`);
    expect(await page.locator("table.counties tbody tr").count()).toBe(reference.counties.length);
    const mashhad = byCounty.rows.find((r) => r.id === "mashhad");
    const cells = page.locator("tr[data-county=mashhad] td");
    expect(ascii(await cells.nth(1).innerText())).toBe(String(mashhad?.answered));
    const byOfficial = await api<SummaryResponse>(`summary?${LAST_WEEK}&by=official`);
    const governors = byOfficial.rows
      .filter((r) => reference.officials.find((o) => o.id === r.id)?.role === "governor")
      .reduce((n, r) => n + (r.answeredByOfficial ?? 0), 0);
    const headline = ascii(await page.locator(".headline p").first().innerText());
    expect(headline).toContain(String(governors));
    await page.locator(".week canvas").first().waitFor();
    await page.screenshot({ path: shot(`inspection-week-${lang}`), fullPage: true });
    const [image] = await Promise.all([
      page.waitForEvent("download"),
      page.click("button[data-save-image]"),
    ]);
    expect(image.suggestedFilename()).toBe("samad-111-week-2026-11-21.png");
    const png = readFileSync(await image.path());
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    await page.context().close();
  }, 120_000);
});

describe("the inspection pages' guard", () => {
  it("refuses a viewer", async () => {
    const page = await signedIn("vahid", "fa", "/inspection");
    await page.waitForURL((url) => url.pathname === "/inspection");
    const refused = await page.goto(`${app.url}/inspection/week`);
    expect(refused?.status()).toBe(403);
    const again = await page.goto(`${app.url}/inspection`);
    expect(again?.status()).toBe(403);
    await page.context().close();
  }, 60_000);

  it("trip no Content-Security-Policy rule and throw no error", () => {
    expect(violations).toEqual([]);
  });
});
