/**
 * The wall as a supervisor sees it: Debian's Chromium opens the page served by the real server
 * (the built client, the simulator, the embedded bus), and watches the figures move.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/app.ts";
import { MemoryBus } from "../../server/bus/memory-bus.ts";
import { silentLogger } from "../../server/log.ts";
import { SimulatorAdapter } from "../../server/switches/simulator/simulator-adapter.ts";
import type { Reference } from "../../shared/reference.ts";
import { jalaliTimeToMs } from "../../shared/tehran-time.ts";
import { CLIENT_DIR, startTestApp } from "../support/app.ts";
import { launchChromium } from "../support/browser.ts";
import { provinceReference } from "../support/reference.ts";

const DOCS = path.resolve(import.meta.dirname, "..", "..", "docs");
/** Saturday 14 Azar 1405, 08:20: several governors' sessions are on, with callers queueing. */
const MORNING = jalaliTimeToMs("1405/09/14", "08:20") ?? 0;

let reference: Reference;
let browser: Browser;

function startWall(port = 0): Promise<RunningApp> {
  return startTestApp({
    reference,
    bus: new MemoryBus(),
    clientDir: CLIENT_DIR,
    flushIntervalMs: 250,
    port,
    switchAdapter: new SimulatorAdapter({
      reference,
      seed: 7,
      speed: 30,
      start: MORNING,
      skipIdle: false,
      log: silentLogger(),
    }),
  });
}

async function openWall(url: string, width: number, height: number, query = ""): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${url}/${query}`);
  await page.waitForFunction(() => document.fonts.status === "loaded");
  await page.waitForSelector("header .link.live");
  return page;
}

async function figuresText(page: Page): Promise<string> {
  return page.locator("main").innerText();
}

beforeAll(async () => {
  if (!existsSync(path.join(CLIENT_DIR, "index.html"))) {
    throw new Error("client/dist is missing: npm test builds it before the tests run");
  }
  reference = await provinceReference();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe("the wall in Chromium", () => {
  it("shows live, changing figures in Persian, right to left, and fits the screen", async () => {
    const app = await startWall();
    try {
      const page = await openWall(app.url, 1920, 1080);
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      expect(await page.getAttribute("html", "lang")).toBe("fa");
      const header = await page.locator("header").innerText();
      expect(header).toMatch(/آذر ۱۴۰۵/);
      expect(header).toMatch(/[۰-۹]{1,2}:[۰-۹]{2}/);
      const first = await figuresText(page);
      expect(first).toMatch(/[۰-۹]/);
      expect(first).not.toMatch(/[0-9]/);
      await expect
        .poll(async () => figuresText(page), { timeout: 15_000, interval: 500 })
        .not.toBe(first);
      const overflow = await page.evaluate(() => ({
        x: document.documentElement.scrollWidth - window.innerWidth,
        y: document.documentElement.scrollHeight - window.innerHeight,
      }));
      expect(overflow).toEqual({ x: 0, y: 0 });
      // The font is the bundled Vazirmatn, not a system font.
      expect(
        await page.evaluate(() => document.fonts.check("700 32px Vazirmatn", "۱۲۳ مشهد")),
      ).toBe(true);
      mkdirSync(DOCS, { recursive: true });
      await page.waitForTimeout(1500);
      await page.screenshot({ path: path.join(DOCS, "wall.png") });
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("fits a 4K screen without scrollbars", async () => {
    const app = await startWall();
    try {
      const page = await openWall(app.url, 3840, 2160);
      const overflow = await page.evaluate(() => ({
        x: document.documentElement.scrollWidth - window.innerWidth,
        y: document.documentElement.scrollHeight - window.innerHeight,
      }));
      expect(overflow).toEqual({ x: 0, y: 0 });
      await page.screenshot({ path: path.join(DOCS, "wall-4k.png") });
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("switches to English, left to right, with ?lang=en", async () => {
    const app = await startWall();
    try {
      const page = await openWall(app.url, 1920, 1080, "?lang=en");
      expect(await page.getAttribute("html", "dir")).toBe("ltr");
      expect(await page.getAttribute("html", "lang")).toBe("en");
      expect(await figuresText(page)).toMatch(/[0-9]/);
      await page.close();
    } finally {
      await app.close();
    }
  });

  it("says plainly when the server is gone and recovers without a reload", async () => {
    let app = await startWall();
    const port = Number(new URL(app.url).port);
    const page = await openWall(app.url, 1920, 1080);
    try {
      await page.evaluate(() => {
        (window as unknown as { marker: number }).marker = 42;
      });
      await app.close();
      const banner = page.locator(".banner[role=alert]");
      await banner.waitFor({ timeout: 10_000 });
      expect(await banner.innerText()).toContain("ارتباط با سرور قطع است");
      app = await startWall(port);
      await page.waitForSelector("header .link.live", { timeout: 20_000 });
      await banner.waitFor({ state: "detached", timeout: 10_000 });
      // Same page, not reloaded: the marker set before the outage is still there.
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    } finally {
      await page.close();
      await app.close();
    }
  });
});
