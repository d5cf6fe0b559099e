/**
 * The wall display as the control room sees it: Debian's Chromium opens the page served by a real
 * server (built client, simulator on a lively Saturday morning, last week's history simulated),
 * and the test reads what is on the screen against the server's own snapshot. It writes nothing:
 * the README's pictures come from `npm run screenshots`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/app.ts";
import { loadThresholds } from "../../server/reference/load-reference.ts";
import type { Reference, Thresholds } from "../../shared/reference.ts";
import type { Figures, Snapshot } from "../../shared/snapshot.ts";
import { jalaliTimeToMs } from "../../shared/tehran-time.ts";
import { createFormat } from "../../client/src/lib/format.ts";
import { fa } from "../../client/src/lib/i18n/fa.ts";
import { CLIENT_DIR, startTestApp } from "../support/app.ts";
import { CuttingProxy } from "../support/tcp-proxy.ts";
import { launchChromium } from "../support/browser.ts";
import { DATA_DIR, provinceReference } from "../support/reference.ts";
import { cutText, openWall, overflow, settle } from "./wall-page.ts";
import { startHeldWall, startSimulatedWall } from "./wall-server.ts";

/** Saturday 14 Azar 1405, 08:20: several governors' sessions are on, with callers queueing. */
const MORNING = jalaliTimeToMs("1405/09/14", "08:20") ?? 0;
/** On a busy machine a page takes its time; every wait below is on a condition, bounded by this. */
const PAGE_MS = 30_000;

let reference: Reference;
let thresholds: Thresholds;
let browser: Browser;
/** One simulated morning that the tests which only read the wall share. */
let wall: RunningApp;

const startWall = (port = 0): Promise<RunningApp> =>
  startSimulatedWall({ reference, seed: 7, start: MORNING, speed: 30, thresholds, port });

const open = (url: string, width: number, height: number, query = ""): Promise<Page> =>
  openWall(browser, `${url}/${query}`, { width, height, timeout: PAGE_MS });

beforeAll(async () => {
  if (!existsSync(path.join(CLIENT_DIR, "index.html"))) {
    throw new Error("client/dist is missing: build the client before the browser tests");
  }
  reference = await provinceReference();
  // A served threshold unlike the shipped one: the legend must be drawn from what is served.
  const shipped = await loadThresholds(DATA_DIR);
  thresholds = { ...shipped, tiles: { ...shipped.tiles, warnWaitSec: 75 } };
  browser = await launchChromium();
  wall = await startWall();
}, 120_000);

afterAll(async () => {
  await wall?.close();
  await browser?.close();
});

describe("the wall display in Chromium", { timeout: 120_000 }, () => {
  it.each([
    ["fa", 1920, 1080],
    ["fa", 3840, 2160],
    ["en", 1920, 1080],
    ["en", 3840, 2160],
  ] as const)(
    "in %s at %i×%i fits with no scrollbar and no name or alert cut",
    async (lang, w, h) => {
      const page = await open(wall.url, w, h, `?lang=${lang}`);
      expect(await page.locator("[data-county]").count()).toBe(34);
      expect(await overflow(page)).toEqual({ x: 0, y: 0 });
      await settle(page);
      expect(await overflow(page)).toEqual({ x: 0, y: 0 });
      // Names in tiles and in the officials panel, alert texts and the legend's lines.
      expect(await cutText(page, "[data-county] .name")).toEqual([]);
      expect(await cutText(page, "[data-official] .name")).toEqual([]);
      expect(await cutText(page, "[data-alert] .text")).toEqual([]);
      expect(await cutText(page, ".map .legend li")).toEqual([]);
      await page.keyboard.press("ArrowLeft");
      await page.waitForSelector(".wall[data-page=today]");
      expect(await page.locator(".page.shown .chart").count()).toBe(3);
      await settle(page);
      expect(await overflow(page)).toEqual({ x: 0, y: 0 });
      await page.close();
    },
  );

  it("shows the figures of GET /api/v1/snapshot", async () => {
    // A wall whose clock stands still, so the screen and the API can be read at leisure.
    const holdAt = MORNING + 10 * 60_000;
    const held = await startHeldWall({
      reference,
      thresholds,
      seed: 7,
      start: MORNING,
      speed: 30,
      holdAt,
      runInMs: 60_000,
      timeoutMs: PAGE_MS,
    });
    try {
      const page = await open(held.url, 1920, 1080);
      const api = await page.evaluate(
        async () => (await (await fetch("/api/v1/snapshot")).json()) as Snapshot,
      );
      const ids = ["mashhad", "quchan", "torqabeh-shandiz", "bajestan", "kalat"];
      await page.waitForFunction(
        (seq) => Number(document.querySelector(".wall")?.getAttribute("data-seq")) >= seq,
        api.seq,
      );
      const seen = await page.evaluate((countyIds) => {
        const text = (selector: string) =>
          document.querySelector(selector)?.textContent?.trim() ?? null;
        const figures = Object.fromEntries(
          ["waiting", "longest-wait", "answered", "abandoned", "answer-rate", "officials"].map(
            (f) => [f, text(`[data-figure=${f}] .value`)],
          ),
        );
        const tiles = countyIds.map((id) =>
          ["waiting", "longestWait", "answerRate", "onLine"].map((f) =>
            text(`[data-county=${id}] [data-field=${f}]`),
          ),
        );
        return { figures, tiles };
      }, ids);
      const format = createFormat("fa");
      const onLine = (f: Figures, always: boolean) =>
        always || f.officials.scheduled > 0
          ? fa.figures.ofScheduled(
              format.number(f.officials.loggedIn),
              format.number(f.officials.scheduled),
            )
          : format.number(f.officials.loggedIn);
      const province = api.province;
      expect(province.offered).toBeGreaterThan(0);
      expect(seen.figures).toEqual({
        waiting: format.number(province.waiting),
        "longest-wait": format.duration(province.longestWaitSec),
        answered: format.number(province.answered),
        abandoned: format.number(province.abandoned),
        "answer-rate": format.percent(province.answerRate),
        officials: onLine(province, true),
      });
      const counties = ids.map((id) => {
        const county = api.counties.find((c) => c.id === id);
        if (!county) throw new Error(`${id} missing from the snapshot`);
        return county;
      });
      expect(seen.tiles).toEqual(
        counties.map((county) => [
          format.number(county.waiting),
          format.duration(county.longestWaitSec),
          format.percent(county.answerRate),
          onLine(county, false),
        ]),
      );
      await page.close();
    } finally {
      await held.close();
    }
  });

  it("speaks Persian by default, and says the wall is a simulation", async () => {
    const page = await open(wall.url, 1920, 1080);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    expect(await page.getAttribute("html", "lang")).toBe("fa");
    const header = await page.locator("header").first().innerText();
    expect(header).toMatch(/شنبه/);
    expect(header).toMatch(/۱۴ آذر ۱۴۰۵/);
    // Simulated figures never wear the green "live" badge, and the clock says whose time it is.
    expect(await page.getAttribute(".wall", "data-badge")).toBe("simulation");
    expect(await page.locator("header .link").innerText()).toMatch(/^شبیه‌سازی\s.*×۳۰/);
    expect(header).toContain("زمان شبیه‌سازی");
    const body = await page.locator(".wall").innerText();
    expect(body).toMatch(/[۰-۹]/);
    // "Redis" may appear in the health strip; no Latin digit may appear anywhere.
    expect(body).not.toMatch(/[0-9]/);
    expect(await page.locator("[data-figure=answer-rate] .value").innerText()).toMatch(
      /^[۰-۹]+٪$|^—$/,
    );
    // The legend is drawn from the served thresholds: a wait of 75 s, answer rates 50 % and 80 %.
    const legend = await page.locator(".map .legend").innerText();
    expect(legend).toContain("۱:۱۵");
    expect(legend).toContain("۵۰٪");
    expect(legend).toContain("۸۰٪");
    // The font is the bundled Vazirmatn, never a system font.
    expect(await page.evaluate(() => document.fonts.check("700 32px Vazirmatn", "۱۲۳ مشهد"))).toBe(
      true,
    );
    // Live: the figures move as the switch talks, without a reload.
    const figures = await page.locator(".figures").innerText();
    await expect
      .poll(() => page.locator(".figures").innerText(), { timeout: PAGE_MS, interval: 500 })
      .not.toBe(figures);
    await page.close();
  });

  it("switches to English, left to right with Latin digits, with ?lang=en", async () => {
    const page = await open(wall.url, 1920, 1080, "?lang=en");
    expect(await page.getAttribute("html", "dir")).toBe("ltr");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    const body = await page.locator(".wall").innerText();
    expect(body).toMatch(/Calls waiting/);
    expect(body).toMatch(/Azar 1405/);
    expect(body).toContain("simulated time");
    expect(await page.locator(".key").innerText()).toContain("Answer rate today");
    expect(await page.locator(".map .legend").innerText()).toMatch(
      /wait ≥ 1:15.*answer rate < 80%/s,
    );
    const figures = await page.locator(".figures").innerText();
    expect(figures).toMatch(/[0-9]/);
    expect(figures).not.toMatch(/[۰-۹]/);
    await page.close();
  });

  it("in kiosk mode shows no controls and no cursor, and rotates pages when asked", async () => {
    const page = await open(wall.url, 1920, 1080, "?kiosk=1&rotate=5");
    expect(await page.locator("button").count()).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.body).cursor)).toBe("none");
    // On a busy machine the first turn may come before the page is read: wait for the next.
    const first = await page.getAttribute(".wall", "data-page");
    await page.waitForSelector(`.wall:not([data-page=${first}])`, { timeout: PAGE_MS });
    await page.close();
  });

  it("says the switch is not connected, never live, when the server has not heard from it", async () => {
    // SWITCH=none with nothing on the bus: a real switch that never answered.
    const app = await startTestApp({ reference, clientDir: CLIENT_DIR });
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${app.url}/`);
      const banner = page.locator(".banner[role=alert]");
      await banner.waitFor({ timeout: PAGE_MS });
      expect(await banner.innerText()).toBe(fa.banner.switchDown);
      expect(await page.getAttribute(".wall", "data-badge")).toBe("switchDown");
      expect(await page.locator("header .link").innerText()).toBe(fa.link.switchDown);
      expect(await page.locator(".figures.stale").count()).toBe(1);
      expect(await page.getAttribute("[data-health=switch]", "data-level")).toBe("down");
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("rides out a network drop between the screen and the server without a reload", async () => {
    const proxy = new CuttingProxy(Number(new URL(wall.url).port));
    const port = await proxy.listen();
    const page = await open(`http://127.0.0.1:${port}`, 1920, 1080);
    try {
      // Every state the link goes through, as the screen showed it.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { links: string[] }).links = seen;
        const wallElement = document.querySelector(".wall");
        new MutationObserver(() => seen.push(wallElement?.getAttribute("data-link") ?? "")).observe(
          wallElement as Element,
          { attributes: true, attributeFilter: ["data-link"] },
        );
      });
      const accepted = proxy.accepted;
      proxy.cut();
      await page.waitForFunction(
        () => (window as unknown as { links: string[] }).links.includes("disconnected"),
        undefined,
        { timeout: PAGE_MS },
      );
      await page.waitForSelector(".wall[data-link=live]", { timeout: PAGE_MS });
      expect(proxy.accepted).toBeGreaterThan(accepted);
      expect(await page.locator(".banner[role=alert]").count()).toBe(0);
      // The same page, not a reload: the observer is still there.
      expect(
        await page.evaluate(() => Array.isArray((window as unknown as { links?: string[] }).links)),
      ).toBe(true);
    } finally {
      await page.close();
      await proxy.close();
    }
  });

  it("greys the figures and says so when the server is gone, and recovers without a reload", async () => {
    let app = await startWall();
    const port = Number(new URL(app.url).port);
    const page = await open(app.url, 1920, 1080);
    try {
      // The answered figure as the screen showed it the moment the link went: its last good one.
      await page.evaluate(() => {
        const w = window as unknown as { marker: number; lastGood?: string };
        w.marker = 42;
        const wallElement = document.querySelector(".wall") as Element;
        new MutationObserver(() => {
          if (wallElement.getAttribute("data-link") !== "disconnected" || w.lastGood) return;
          w.lastGood = document.querySelector("[data-figure=answered] .value")?.textContent ?? "";
        }).observe(wallElement, { attributes: true, attributeFilter: ["data-link"] });
      });
      await app.close();
      const banner = page.locator(".banner[role=alert]");
      await banner.waitFor({ timeout: PAGE_MS });
      expect(await banner.innerText()).toContain("ارتباط با سرور قطع است");
      await page.waitForSelector(".figures.stale", { timeout: PAGE_MS });
      expect(await page.getAttribute("[data-health=server]", "data-level")).toBe("down");
      // The last-good figures stay on the screen, greyed, rather than vanishing.
      const lastGood = await page.evaluate(
        () => (window as unknown as { lastGood?: string }).lastGood,
      );
      expect(lastGood).toMatch(/^[۰-۹٬]+$/);
      expect((await page.locator("[data-figure=answered] .value").innerText()).trim()).toBe(
        lastGood?.trim(),
      );
      expect(await page.locator("[data-county]").count()).toBe(34);

      // The server comes back on the same address, as after a power cut: a new run, a new epoch.
      app = await startWall(port);
      const epoch = app.live.model.epoch;
      await page.waitForSelector(`.wall[data-epoch="${epoch}"][data-link=live]`, {
        timeout: PAGE_MS,
      });
      await banner.waitFor({ state: "detached", timeout: PAGE_MS });
      await page.waitForSelector(".figures:not(.stale)", { timeout: PAGE_MS });
      expect(await page.getAttribute("[data-health=server]", "data-level")).toBe("up");
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    } finally {
      await page.close();
      await app.close();
    }
  });
});
