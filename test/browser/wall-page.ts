/** Opening the wall in Chromium and reading how it lays out: shared by the browser test and
 * `npm run screenshots`. */
import type { Browser, Page } from "playwright-core";

/** Opens the wall and waits until it is live, in its font, with the reference's names. */
export async function openWall(
  browser: Browser,
  url: string,
  options: { width: number; height: number; timeout: number },
): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: options.width, height: options.height },
  });
  page.setDefaultTimeout(options.timeout);
  await page.goto(url);
  await page.waitForFunction(() => document.fonts.status === "loaded");
  await page.waitForSelector(".wall[data-link=live]");
  // The names arrive with the reference: wait until the tiles show them rather than ids.
  await page.waitForFunction(() => {
    const name = document.querySelector("[data-county=mashhad] .name")?.textContent;
    return Boolean(name) && name !== "mashhad";
  });
  return page;
}

export function overflow(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));
}

/**
 * Charts draw after the font and their first data; a hidden page's charts wait until it shows.
 * Waits until every chart on the page on screen has a canvas and two frames have been painted.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".page.shown .chart")].every((chart) =>
      chart.querySelector("canvas"),
    ),
  );
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );
}

/**
 * The texts matching `selector` that do not fit their box: cut short by an ellipsis, or by a line
 * clamp (a hidden line adds half again to the height; a glyph's ascent a few pixels at most).
 */
export function cutText(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    (sel) =>
      [...document.querySelectorAll<HTMLElement>(sel)]
        .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight * 1.3)
        .map((e) => e.textContent?.trim() ?? ""),
    selector,
  );
}
