/**
 * The wall-display soak: does the page run a whole simulated day without growing? Starts the
 * server in-process with the simulator at high speed, opens the wall (kiosk, rotating pages) in
 * Debian's Chromium, and measures the page's JS heap after a forced GC before and after, with DOM
 * nodes and listeners, and frames per second from a requestAnimationFrame counter. A baseline runs
 * in the same process for the same wall time: the same wall against a simulator at real speed in
 * the quiet of the night, so the ratio says what the busy day adds. Writes
 * bench/results/wall-soak.json.
 *   node --import tsx bench/wall-soak.ts
 * Env: WALL_SOAK_SECONDS (wall seconds per phase, default 100), WALL_SOAK_SPEED (default 1800:
 * two simulated days, so the second shows what a day adds once the first has filled the page).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, CDPSession, Page } from "playwright-core";
import { MemoryHistory } from "../server/history/history-store.ts";
import { silentLogger } from "../server/log.ts";
import { loadReference } from "../server/reference/load-reference.ts";
import { backfillHistory } from "../server/switches/simulator/backfill.ts";
import { SimulatorAdapter } from "../server/switches/simulator/simulator-adapter.ts";
import type { Reference } from "../shared/reference.ts";
import { jalaliTimeToMs } from "../shared/tehran-time.ts";
import { CLIENT_DIR, screenToken, startTestApp } from "../test/support/app.ts";
import { launchChromium } from "../test/support/browser.ts";
import { round } from "./measure.ts";

const DAY_SEC = 86_400;
const WARM_UP_MS = 10_000;
const SAMPLE_EVERY_MS = 5_000;

export interface WallSoakOptions {
  /** Wall-clock seconds of each phase (baseline and soak). @default 100 */
  seconds?: number;
  /** Simulated seconds per wall second in the soak. @default 1800 */
  speed?: number;
}

interface PageMetrics {
  heapUsedBytes: number;
  nodes: number;
  listeners: number;
  /** Main-thread seconds spent so far, by kind (CDP Performance.getMetrics). */
  taskSec: number;
  scriptSec: number;
  layoutSec: number;
  styleSec: number;
}

interface Phase {
  speed: number;
  wallSeconds: number;
  simulatedHours: number;
  before: PageMetrics;
  after: PageMetrics;
  heapGrowthBytes: number;
  heapTrail: { simulatedHours: number; heapUsedBytes: number }[];
  fps: { mean: number; min: number };
  /** Share of the wall time the page's main thread was busy, and on what. */
  mainThread: { busy: number; script: number; layout: number; style: number };
  /** Sequence numbers the page rendered: proof it kept up rather than froze. */
  seqAdvanced: number;
  endedLive: boolean;
}

async function metrics(cdp: CDPSession): Promise<PageMetrics> {
  // Twice: the first collection can leave garbage its finalizers just released.
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const { metrics: list } = await cdp.send("Performance.getMetrics");
  const metric = (name: string): number => list.find((m) => m.name === name)?.value ?? 0;
  return {
    heapUsedBytes: heap.usedSize,
    nodes: metric("Nodes"),
    listeners: metric("JSEventListeners"),
    taskSec: metric("TaskDuration"),
    scriptSec: metric("ScriptDuration"),
    layoutSec: metric("LayoutDuration"),
    styleSec: metric("RecalcStyleDuration"),
  };
}

/**
 * Frames since the counter started; the page counts them itself so CDP does not disturb it.
 * Passed as source text: tsx would wrap a named function in a helper the page does not have.
 */
const FRAME_COUNTER = `(() => {
  window.soakFrames = 0;
  const tick = () => { window.soakFrames += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const installFrameCounter = async (page: Page): Promise<void> => {
  await page.evaluate(FRAME_COUNTER);
};
const frames = async (page: Page): Promise<number> =>
  Number(await page.evaluate("window.soakFrames"));
const renderedSeq = async (page: Page): Promise<number> =>
  Number(await page.getAttribute(".wall", "data-seq"));

async function phase(
  browser: Browser,
  reference: Reference,
  start: number,
  speed: number,
  seconds: number,
): Promise<Phase> {
  const history = new MemoryHistory();
  await backfillHistory({ reference, seed: 11, start, days: 7, history });
  const app = await startTestApp({
    reference,
    switchAdapter: new SimulatorAdapter({
      reference,
      seed: 11,
      speed,
      start,
      skipIdle: false,
      log: silentLogger(),
    }),
    clientDir: CLIENT_DIR,
    history,
    flushIntervalMs: 250,
  });
  // The wall screen signs in as screens do: a viewer token in its address, exchanged for a cookie.
  const token = await screenToken(app, "viewer");
  // The frame counter is source text, which the app's CSP forbids to eval.
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(`${app.url}/?token=${token}&kiosk=1&rotate=10`);
    await page.waitForSelector(".wall[data-link=live]", { timeout: 30_000 });
    await page.waitForTimeout(WARM_UP_MS);
    const before = await metrics(cdp);
    const firstSeq = await renderedSeq(page);
    await installFrameCounter(page);
    const rates: number[] = [];
    const started = Date.now();
    let lastFrames = 0;
    let lastAt = started;
    // The heap after a GC at each quarter: a leak climbs steadily, a fuller day levels off.
    const trail: { simulatedHours: number; heapUsedBytes: number }[] = [];
    let nextTrailAt = started + (seconds * 1000) / 4;
    while (Date.now() - started < seconds * 1000) {
      await page.waitForTimeout(SAMPLE_EVERY_MS);
      const now = Date.now();
      const count = await frames(page);
      rates.push(((count - lastFrames) * 1000) / (now - lastAt));
      if (now >= nextTrailAt) {
        const { heapUsedBytes } = await metrics(cdp);
        trail.push({
          simulatedHours: round(((now - started) / 1000) * (speed / 3600), 1),
          heapUsedBytes,
        });
        nextTrailAt += (seconds * 1000) / 4;
      }
      // Counted from after the GC, so its pause does not pull the frame rate down.
      lastFrames = await frames(page);
      lastAt = Date.now();
    }
    const wallSeconds = (Date.now() - started) / 1000;
    const meanFps = rates.reduce((sum, rate) => sum + rate, 0) / Math.max(1, rates.length);
    const seqAdvanced = (await renderedSeq(page)) - firstSeq;
    const endedLive = (await page.locator(".wall[data-link=live]").count()) === 1;
    const after = await metrics(cdp);
    return {
      speed,
      wallSeconds: round(wallSeconds, 1),
      simulatedHours: round((wallSeconds * speed) / 3600, 1),
      before,
      after,
      heapGrowthBytes: after.heapUsedBytes - before.heapUsedBytes,
      heapTrail: trail,
      fps: { mean: round(meanFps, 1), min: round(Math.min(...rates), 1) },
      mainThread: {
        busy: round((after.taskSec - before.taskSec) / wallSeconds, 3),
        script: round((after.scriptSec - before.scriptSec) / wallSeconds, 3),
        layout: round((after.layoutSec - before.layoutSec) / wallSeconds, 3),
        style: round((after.styleSec - before.styleSec) / wallSeconds, 3),
      },
      seqAdvanced,
      endedLive,
    };
  } finally {
    await page.close();
    await app.close();
  }
}

/** Heap growth between the last sample and the one about 24 simulated hours before it. */
function dayOverDay(trail: Phase["heapTrail"]): number | null {
  const last = trail.at(-1);
  if (!last || last.simulatedHours < 36) return null;
  const target = last.simulatedHours - 24;
  const earlier = trail.reduce((best, point) =>
    Math.abs(point.simulatedHours - target) < Math.abs(best.simulatedHours - target) ? point : best,
  );
  const hours = last.simulatedHours - earlier.simulatedHours;
  return hours > 0 ? ((last.heapUsedBytes - earlier.heapUsedBytes) * 24) / hours : null;
}

export async function benchWallSoak(options: WallSoakOptions = {}): Promise<object> {
  const seconds = options.seconds ?? 100;
  const speed = options.speed ?? 1800;
  const reference = await loadReference(path.resolve(import.meta.dirname, "..", "data"));
  const browser = await launchChromium();
  try {
    // Baseline: the same wall, a switch at real speed at 02:00 when nothing happens.
    const quiet = await phase(
      browser,
      reference,
      jalaliTimeToMs("1405/09/14", "02:00") ?? 0,
      1,
      seconds,
    );
    // Soak: from 06:00 Saturday through two working days, Saturday and Sunday, and the nights.
    const busy = await phase(
      browser,
      reference,
      jalaliTimeToMs("1405/09/14", "06:00") ?? 0,
      speed,
      seconds,
    );
    const perDay = (busy.heapGrowthBytes * DAY_SEC) / (busy.wallSeconds * busy.speed);
    const settled = dayOverDay(busy.heapTrail);
    return {
      at: new Date().toISOString(),
      chromium: browser.version(),
      viewport: "1920x1080, ?kiosk=1&rotate=10",
      soak: busy,
      baseline: quiet,
      heapGrowthPerSimulatedDayBytes: Math.round(perDay),
      heapGrowthPerSimulatedDayKiB: round(perDay / 1024, 1),
      // Growth over the same wall time, busy day against quiet night: near 1 means the day's
      // traffic leaves nothing behind beyond what an idle wall does anyway.
      // The first day fills what a day holds (intervals, officials' figures, last week's
      // history); from one time of day to the same time next day is what a long run adds.
      heapGrowthDayOverDayKiB: settled === null ? null : round(settled / 1024, 1),
      heapGrowthRatio:
        quiet.heapGrowthBytes > 0 ? round(busy.heapGrowthBytes / quiet.heapGrowthBytes, 2) : null,
      fpsRatio: quiet.fps.mean > 0 ? round(busy.fps.mean / quiet.fps.mean, 2) : null,
    };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await benchWallSoak({
    seconds: Number(process.env.WALL_SOAK_SECONDS ?? 100),
    speed: Number(process.env.WALL_SOAK_SPEED ?? 1800),
  });
  const dir = path.resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "wall-soak.json"), JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
}
