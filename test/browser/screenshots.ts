/**
 * `npm run screenshots`: writes the README's pictures of the wall into docs/, on purpose and
 * reproducibly. The simulator (seed 1111, the default) runs the morning of Saturday 14 Azar 1405
 * from 08:00 and stops its clock at 10:20, when the 10:00 sessions are on; Chromium then takes the
 * wall at 1920×1080 and 3840×2160, in Persian and English, both pages, and after the server goes.
 *   node --import tsx test/browser/screenshots.ts   (after npm run build)
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { loadReference, loadThresholds } from "../../server/reference/load-reference.ts";
import { jalaliTimeToMs } from "../../shared/tehran-time.ts";
import { CLIENT_DIR } from "../support/app.ts";
import { launchChromium } from "../support/browser.ts";
import { DATA_DIR } from "../support/reference.ts";
import { openWall, settle } from "./wall-page.ts";
import { startHeldWall } from "./wall-server.ts";

const DOCS = path.resolve(import.meta.dirname, "..", "..", "docs");
const SEED = 1111;
const SPEED = 10;
const START = jalaliTimeToMs("1405/09/14", "08:00") ?? 0;
const HOLD_AT = jalaliTimeToMs("1405/09/14", "10:20") ?? 0;
/** The last minutes before the hold run at SPEED, so alerts have an age as on a real morning. */
const RUN_IN_MS = 3 * 60_000;
const TIMEOUT_MS = 120_000;

async function take(page: Page, file: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: path.join(DOCS, file) });
  console.error(`screenshots: docs/${file}`);
}

async function main(): Promise<void> {
  if (!existsSync(path.join(CLIENT_DIR, "index.html"))) {
    throw new Error("client/dist is missing: npm run build first");
  }
  const [reference, thresholds] = await Promise.all([
    loadReference(DATA_DIR),
    loadThresholds(DATA_DIR),
  ]);
  const app = await startHeldWall({
    reference,
    thresholds,
    seed: SEED,
    start: START,
    speed: SPEED,
    holdAt: HOLD_AT,
    runInMs: RUN_IN_MS,
    timeoutMs: TIMEOUT_MS,
  });
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const open = (width: number, height: number, query = "") =>
      openWall(browser as Browser, `${app.url}/${query}`, { width, height, timeout: TIMEOUT_MS });
    const hd = await open(1920, 1080);
    await take(hd, "wall.png");
    await take(await open(3840, 2160), "wall-3840.png");
    await take(await open(1920, 1080, "?lang=en"), "wall-1920-en.png");
    const today = await open(1920, 1080, "?page=today");
    await take(today, "wall-1920-today.png");
    await app.close();
    await hd.waitForSelector(".banner[role=alert]", { timeout: TIMEOUT_MS });
    await take(hd, "wall-1920-disconnected.png");
  } finally {
    await browser?.close();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`screenshots: ${(error as Error).message}`);
  process.exitCode = 1;
});
