/**
 * The line-control page in Chromium against a real server and the simulator: a shift lead hands
 * the Kalat governor's line to a deputy (hand over, successor, reason, confirm), sees pending and
 * then the switch's confirmation; the wall's officials panel, open in a second browser, shows the
 * deputy in and the governor gone; a second shift lead's page hears the result.
 */
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/app.ts";
import { SYSTEM } from "../../server/access/audit-trail.ts";
import { silentLogger } from "../../server/log.ts";
import { SimulatorAdapter } from "../../server/switches/simulator/simulator-adapter.ts";
import { CLIENT_DIR, screenToken, startTestApp, waitFor } from "../support/app.ts";
import { launchChromium } from "../support/browser.ts";
import { provinceReference } from "../support/reference.ts";

/** A Saturday night, the clock held: only the members this test adds. */
const START = Date.parse("2026-12-05T23:00:00+03:30");
const PASSWORD = "correct horse battery";
const shot = (name: string) => path.join(tmpdir(), `samad-${name}.png`);

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  const reference = await provinceReference();
  app = await startTestApp({
    reference,
    switchAdapter: new SimulatorAdapter({
      reference,
      seed: 11,
      speed: 1,
      start: START,
      skipIdle: false,
      holdAt: START,
      log: silentLogger(),
    }),
    clientDir: CLIENT_DIR,
    flushIntervalMs: 100,
  });
  for (const name of ["lead-one", "lead-two"])
    await app.admin.addAccount({ name, role: "shift-lead", password: PASSWORD }, SYSTEM);
  await app.admin.addAccount({ name: "inspector", role: "inspector", password: PASSWORD }, SYSTEM);
  await waitFor(() => app.live.model.state.switchConnected === true);
  const added = await app.commands.run(
    { action: "add", line: "kalat", official: "farmandar-kalat", reason: "session" },
    { actor: SYSTEM, address: null },
  );
  expect(added.code).toBe(200);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signedIn(name: string, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${app.url}${path}`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill("input[name=name]", name);
  await page.fill("input[name=password]", PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => url.pathname === path);
  return page;
}

describe("the line-control page", () => {
  it("hands a governor's line to a deputy, confirmed by the switch and seen on the wall", async () => {
    const wall = await (
      await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    ).newPage();
    await wall.goto(`${app.url}/?token=${await screenToken(app, "viewer")}&kiosk=1`);
    await wall.waitForSelector("[data-official=farmandar-kalat]", { timeout: 30_000 });

    const lead = await signedIn("lead-one", "/control");
    const other = await signedIn("lead-two", "/control");
    expect(await lead.getAttribute("html", "dir")).toBe("rtl");
    const kalat = lead.locator("article[data-line=kalat]");
    await kalat.locator("[data-official=farmandar-kalat]").waitFor({ timeout: 15_000 });

    // Three choices: hand over, the successor, the reason; then confirm.
    await kalat.locator("[data-official=farmandar-kalat] button", { hasText: "سپردن خط" }).click();
    await lead.selectOption("[data-testid=choose-successor]", "moaven-siasi");
    await lead.selectOption("[data-testid=choose-reason]", "پایان نوبت");
    const started = Date.now();
    await lead.click("[data-testid=action-panel] button.primary");
    await lead.waitForSelector("[data-testid=action-panel] [data-status=done]", {
      timeout: 10_000,
    });
    const confirmedMs = Date.now() - started;
    expect(await lead.locator("[data-testid=action-panel] [data-status=done]").innerText()).toBe(
      "انجام شد",
    );
    await kalat.locator("[data-official=moaven-siasi]").waitFor();
    expect(await kalat.locator("[data-official=farmandar-kalat]").count()).toBe(0);

    // The wall, through its ordinary snapshot and deltas.
    await wall.waitForSelector("[data-official=moaven-siasi]", { timeout: 10_000 });
    await wall.waitForSelector("[data-official=farmandar-kalat]", {
      state: "detached",
      timeout: 10_000,
    });
    // Another shift lead's screen hears the result.
    await other.waitForSelector("[data-testid=results] li[data-status=done]", { timeout: 10_000 });
    expect(await other.locator("[data-testid=results] li").first().innerText()).toContain(
      "lead-one",
    );
    await lead.screenshot({ path: shot("line-control"), fullPage: true });
    console.info(`line control: hand-over confirmed in ${confirmedMs} ms`);
    expect(confirmedMs).toBeLessThan(5_000);
  }, 120_000);

  it("schedules a change for a time of day, lists it, and cancels it", async () => {
    const lead = await signedIn("lead-two", "/control");
    const khaf = lead.locator("article[data-line=khaf]");
    await khaf.locator("button.add").click();
    await lead.selectOption("[data-testid=choose-official]", "farmandar-khaf");
    await lead.fill("[data-testid=choose-time]", "23:59");
    await lead.selectOption("[data-testid=choose-reason]", "پایان نوبت");
    await lead.click("[data-testid=action-panel] button.primary");
    await lead.waitForSelector("[data-testid=action-panel] [data-status=scheduled]");
    expect(
      await lead.locator("[data-testid=action-panel] [data-status=scheduled]").innerText(),
    ).toMatch(/۲۳:۵۹/);
    await lead.click("[data-testid=action-panel] button");
    const pending = lead.locator("[data-testid=scheduled] li[data-state=pending]");
    await pending.waitFor();
    expect(await app.scheduled.list(Date.now())).toMatchObject([
      { state: "pending", request: { action: "add", line: "khaf", official: "farmandar-khaf" } },
    ]);
    await pending.locator("button").click();
    await lead.locator("[data-testid=scheduled] li[data-state=cancelled]").waitFor();
    expect((await app.scheduled.list(Date.now()))[0]?.state).toBe("cancelled");
  }, 60_000);

  it("shows the inspection office who did what, from where and why", async () => {
    const page = await signedIn("inspector", "/audit");
    const row = page.locator("[data-testid=audit] tr[data-action='command.handover']");
    await row.waitFor({ timeout: 10_000 });
    const text = await row.innerText();
    expect(text).toContain("lead-one");
    expect(text).toContain("پایان نوبت");
    // Names, not ids, and the action in Persian.
    expect(text).toContain("فرماندار کلات");
    expect(text).not.toContain("farmandar-kalat");
    expect(text).toContain("سپردن خط");
    expect(text).toContain("Removed interface from queue");
    const csv = await page.getAttribute("a.csv", "href");
    expect(csv).toMatch(/^\/api\/v1\/audit\?from=\d+&to=\d+&format=csv$/);
    await page.screenshot({ path: shot("audit"), fullPage: true });
  }, 60_000);
});
