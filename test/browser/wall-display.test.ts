/**
 * The wall display as the control room sees it: Debian's Chromium opens the page served by a real
 * server (built client, simulator on a lively Saturday morning, last week's history simulated),
 * and the test reads what is on the screen against the server's own snapshot.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/app.ts";
import { MemoryBus } from "../../server/bus/memory-bus.ts";
import { MemoryHistory } from "../../server/history/history-store.ts";
import { silentLogger } from "../../server/log.ts";
import { backfillHistory } from "../../server/switches/simulator/backfill.ts";
import { SimulatorAdapter } from "../../server/switches/simulator/simulator-adapter.ts";
import type { Reference } from "../../shared/reference.ts";
import type { Figures, Snapshot } from "../../shared/snapshot.ts";
import { jalaliTimeToMs } from "../../shared/tehran-time.ts";
import { createFormat } from "../../client/src/lib/format.ts";
import { fa } from "../../client/src/lib/i18n/fa.ts";
import { CLIENT_DIR, screenToken, startTestApp } from "../support/app.ts";
import { launchChromium } from "../support/browser.ts";
import { testDatabase, type TestDatabase } from "../support/database.ts";
import { provinceReference } from "../support/reference.ts";

const DOCS = path.resolve(import.meta.dirname, "..", "..", "docs");
/** Saturday 14 Azar 1405, 08:20: several governors' sessions are on, with callers queueing. */
const MORNING = jalaliTimeToMs("1405/09/14", "08:20") ?? 0;
/** The wall must say it is cut off within this long (stale after 4 s, plus the socket noticing). */
const STALE_WITHIN_MS = 10_000;

let reference: Reference;
let browser: Browser;
/** The wall signs in as a screen does; its accounts survive the restart test's restart. */
let records: TestDatabase;
let token: string | null = null;

/** For the screenshots: a day from 08:00 run fast enough to show a morning's intervals. */
const DAY_START = jalaliTimeToMs("1405/09/14", "08:00") ?? 0;
const SCREENSHOT_SPEED = 240;
/** Wall time until the simulated clock reaches about 10:20, with the 10:00 sessions on. */
const SCREENSHOT_AFTER_MS = 35_000;

async function startWall(port = 0, start = MORNING, speed = 30): Promise<RunningApp> {
  const history = new MemoryHistory();
  await backfillHistory({ reference, seed: 7, start, days: 7, history });
  const app = await startTestApp({
    reference,
    bus: new MemoryBus(),
    switchAdapter: new SimulatorAdapter({
      reference,
      seed: 7,
      speed,
      start,
      skipIdle: false,
      log: silentLogger(),
    }),
    clientDir: CLIENT_DIR,
    history,
    flushIntervalMs: 250,
    port,
    database: await records.open(),
  });
  token ??= await screenToken(app, "viewer");
  return app;
}

async function openWall(url: string, width: number, height: number, query = ""): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${url}/?token=${token}${query.replace(/^\?/, "&")}`);
  await page.waitForFunction(() => document.fonts.status === "loaded");
  await page.waitForSelector("header .link.live");
  // The names arrive with the reference: wait until the tiles show them rather than ids.
  await page.waitForFunction(() => {
    const name = document.querySelector("[data-county=mashhad] .name")?.textContent;
    return Boolean(name) && name !== "mashhad";
  });
  return page;
}

function overflow(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));
}

/**
 * Charts draw after the font and their first data; a hidden page's charts wait until it shows.
 * Waits until every chart on the page on screen has drawn, then a moment more for a screenshot.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".page.shown .chart")].every((chart) =>
      chart.querySelector("canvas"),
    ),
  );
  await page.waitForTimeout(1500);
}

beforeAll(async () => {
  if (!existsSync(path.join(CLIENT_DIR, "index.html"))) {
    throw new Error("client/dist is missing: build the client before the browser tests");
  }
  reference = await provinceReference();
  records = testDatabase("sqlite");
  browser = await launchChromium();
  mkdirSync(DOCS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await records?.destroy();
});

describe("the wall display in Chromium", () => {
  it("fits 1920×1080 and 3840×2160 with no scrollbars and all 34 county tiles", async () => {
    const app = await startWall(0, DAY_START, SCREENSHOT_SPEED);
    try {
      const hd = await openWall(app.url, 1920, 1080);
      const uhd = await openWall(app.url, 3840, 2160);
      for (const page of [hd, uhd]) {
        expect(await page.locator("[data-county]").count()).toBe(34);
        expect(await overflow(page)).toEqual({ x: 0, y: 0 });
      }
      await hd.waitForTimeout(SCREENSHOT_AFTER_MS);
      for (const [page, width] of [
        [hd, 1920],
        [uhd, 3840],
      ] as const) {
        await settle(page);
        expect(await overflow(page)).toEqual({ x: 0, y: 0 });
        // The 1920×1080 one is the README's picture of the wall.
        const file = width === 1920 ? "wall.png" : `wall-${width}.png`;
        await page.screenshot({ path: path.join(DOCS, file) });
      }
      await hd.keyboard.press("ArrowLeft");
      await hd.waitForSelector(".wall[data-page=today]");
      expect(await overflow(hd)).toEqual({ x: 0, y: 0 });
      // The charts on a page that was hidden get their data, and draw, when it shows.
      expect(await hd.locator(".page.shown .chart").count()).toBe(3);
      await settle(hd);
      await hd.screenshot({ path: path.join(DOCS, "wall-1920-today.png") });
      await hd.close();
      await uhd.close();
    } finally {
      await app.close();
    }
  }, 90_000);

  it("shows the figures of GET /api/v1/snapshot at the same sequence number", async () => {
    const app = await startWall();
    try {
      const page = await openWall(app.url, 1920, 1080);
      const format = createFormat("fa");
      const ids = ["mashhad", "quchan", "torqabeh-shandiz", "bajestan", "kalat"];
      let matched = 0;
      for (let attempt = 0; attempt < 60 && matched < 3; attempt += 1) {
        const seen = await page.evaluate(async (countyIds) => {
          const response = await fetch("/api/v1/snapshot");
          const api = (await response.json()) as Snapshot;
          // Read in the same task as the answer arrived: nothing renders in between.
          const text = (selector: string) =>
            document.querySelector(selector)?.textContent?.trim() ?? null;
          const figures = Object.fromEntries(
            ["waiting", "longest-wait", "answered", "abandoned", "answer-rate", "officials"].map(
              (f) => [f, text(`[data-figure=${f}] .value`)],
            ),
          );
          const tiles = Object.fromEntries(
            countyIds.map((id) => [
              id,
              ["waiting", "longestWait", "answerRate", "onLine"].map((f) =>
                text(`[data-county=${id}] [data-field=${f}]`),
              ),
            ]),
          );
          const wall = document.querySelector(".wall");
          return { api, seq: Number(wall?.getAttribute("data-seq")), figures, tiles };
        }, ids);
        if (seen.seq !== seen.api.seq) {
          await page.waitForTimeout(50 + attempt * 10);
          continue;
        }
        const province: Figures = seen.api.province;
        const onLine = (f: Figures, always: boolean) =>
          always || f.officials.scheduled > 0
            ? fa.figures.ofScheduled(
                format.number(f.officials.loggedIn),
                format.number(f.officials.scheduled),
              )
            : format.number(f.officials.loggedIn);
        expect(seen.figures).toEqual({
          waiting: format.number(province.waiting),
          "longest-wait": format.duration(province.longestWaitSec),
          answered: format.number(province.answered),
          abandoned: format.number(province.abandoned),
          "answer-rate": format.percent(province.answerRate),
          officials: onLine(province, true),
        });
        for (const id of ids) {
          const county = seen.api.counties.find((c) => c.id === id);
          if (!county) throw new Error(`${id} missing from the snapshot`);
          expect(seen.tiles[id], id).toEqual([
            format.number(county.waiting),
            format.duration(county.longestWaitSec),
            format.percent(county.answerRate),
            onLine(county, false),
          ]);
        }
        matched += 1;
        await page.waitForTimeout(700);
      }
      expect(matched).toBe(3);
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("speaks Persian by default: right to left, Persian digits, the Jalali date", async () => {
    const app = await startWall();
    try {
      const page = await openWall(app.url, 1920, 1080);
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      expect(await page.getAttribute("html", "lang")).toBe("fa");
      const header = await page.locator("header").first().innerText();
      expect(header).toMatch(/شنبه/);
      expect(header).toMatch(/۱۴ آذر ۱۴۰۵/);
      const body = await page.locator(".wall").innerText();
      expect(body).toMatch(/[۰-۹]/);
      // "Redis" may appear in the health strip; no Latin digit may appear anywhere.
      expect(body).not.toMatch(/[0-9]/);
      expect(await page.locator("[data-figure=answer-rate] .value").innerText()).toMatch(
        /^[۰-۹]+٪$|^—$/,
      );
      // The font is the bundled Vazirmatn, never a system font.
      expect(
        await page.evaluate(() => document.fonts.check("700 32px Vazirmatn", "۱۲۳ مشهد")),
      ).toBe(true);
      // Live: the figures move as the switch talks, without a reload.
      const figures = await page.locator(".figures").innerText();
      await expect
        .poll(() => page.locator(".figures").innerText(), { timeout: 20_000, interval: 500 })
        .not.toBe(figures);
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("switches to English, left to right with Latin digits, with ?lang=en", async () => {
    const app = await startWall();
    try {
      const page = await openWall(app.url, 1920, 1080, "?lang=en");
      expect(await page.getAttribute("html", "dir")).toBe("ltr");
      expect(await page.getAttribute("html", "lang")).toBe("en");
      const body = await page.locator(".wall").innerText();
      expect(body).toMatch(/Calls waiting/);
      expect(body).toMatch(/Azar 1405/);
      const figures = await page.locator(".figures").innerText();
      expect(figures).toMatch(/[0-9]/);
      expect(figures).not.toMatch(/[۰-۹]/);
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("in kiosk mode shows no controls and no cursor, and rotates pages when asked", async () => {
    const app = await startWall();
    try {
      const page = await openWall(app.url, 1920, 1080, "?kiosk=1&rotate=5");
      expect(await page.locator("button").count()).toBe(0);
      expect(await page.evaluate(() => getComputedStyle(document.body).cursor)).toBe("none");
      expect(await page.getAttribute(".wall", "data-page")).toBe("counties");
      await page.waitForSelector(".wall[data-page=today]", { timeout: 8_000 });
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("greys the figures and says so when the server is gone, and recovers without a reload", async () => {
    let app = await startWall();
    const port = Number(new URL(app.url).port);
    const page = await openWall(app.url, 1920, 1080);
    try {
      await page.evaluate(() => {
        (window as unknown as { marker: number }).marker = 42;
      });
      const before = await page.locator("[data-figure=answered] .value").innerText();
      const wentAt = Date.now();
      await app.close();
      const banner = page.locator(".banner[role=alert]");
      await banner.waitFor({ timeout: STALE_WITHIN_MS });
      expect(Date.now() - wentAt).toBeLessThan(STALE_WITHIN_MS);
      expect(await banner.innerText()).toContain("ارتباط با سرور قطع است");
      await page.waitForSelector(".figures.stale", { timeout: 2_000 });
      expect(await page.getAttribute("[data-health=server]", "data-level")).toBe("down");
      // The last-good figures stay on the screen, greyed, rather than vanishing.
      expect(await page.locator("[data-figure=answered] .value").innerText()).toBe(before);
      expect(await page.locator("[data-county]").count()).toBe(34);
      await page.screenshot({ path: path.join(DOCS, "wall-1920-disconnected.png") });

      app = await startWall(port);
      await page.waitForSelector("header .link.live", { timeout: 20_000 });
      await banner.waitFor({ state: "detached", timeout: 10_000 });
      await page.waitForSelector(".figures:not(.stale)");
      expect(await page.getAttribute("[data-health=server]", "data-level")).toBe("up");
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    } finally {
      await page.close();
      await app.close();
    }
  });
});
