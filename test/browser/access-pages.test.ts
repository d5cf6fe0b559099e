/**
 * The desk pages in Chromium against a real server: the first admin created through the setup
 * address, a screen created on the admin page and its link opened as a wall, the wall signed out
 * within seconds of the screen's revocation, sign-in in Persian and English. No page may trip the
 * Content-Security-Policy. Screenshots go to the system's temporary directory.
 */
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/app.ts";
import { silentLogger } from "../../server/log.ts";
import { SimulatorAdapter } from "../../server/switches/simulator/simulator-adapter.ts";
import { jalaliTimeToMs } from "../../shared/tehran-time.ts";
import { CLIENT_DIR, startTestApp } from "../support/app.ts";
import { launchChromium } from "../support/browser.ts";
import { provinceReference } from "../support/reference.ts";

const MORNING = jalaliTimeToMs("1405/09/14", "08:20") ?? 0;
const PASSWORD = "correct horse battery";
const shot = (name: string) => path.join(tmpdir(), `samad-${name}.png`);

let app: RunningApp;
let browser: Browser;
/** Every CSP violation any page reported, with the page it happened on. */
const violations: string[] = [];

beforeAll(async () => {
  const reference = await provinceReference();
  app = await startTestApp({
    reference,
    switchAdapter: new SimulatorAdapter({
      reference,
      seed: 7,
      speed: 30,
      start: MORNING,
      skipIdle: false,
      log: silentLogger(),
    }),
    clientDir: CLIENT_DIR,
    flushIntervalMs: 250,
    revalidateMs: 1_000,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A page in a browser profile of its own (its own cookies), watched for CSP violations. */
async function openPage(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (/CSP violation|Content Security Policy/i.test(message.text()))
      violations.push(`${name}: ${message.text()}`);
  });
  return page;
}

describe("the desk pages", () => {
  it("take the first admin from setup to a screen that signs out when revoked", async () => {
    expect(app.setupUrl).not.toBeNull();
    const desk = await openPage("setup/admin");
    await desk.goto(app.setupUrl ?? "");
    await desk.waitForSelector("form input[name=name]");
    expect(await desk.getAttribute("html", "dir")).toBe("rtl");
    await desk.screenshot({ path: shot("setup") });
    await desk.fill("input[name=name]", "zahra");
    await desk.fill("input[name=password]", PASSWORD);
    await desk.fill("input[name=repeat]", PASSWORD);
    await desk.click("button[type=submit]");
    await desk.waitForURL(/\/admin$/);
    await desk.waitForSelector("[data-account=zahra]");
    // The setup address is dead now.
    expect(
      (await (
        await fetch(`${app.setupUrl?.replace("/setup?", "/api/v1/setup?")}`)
      ).json()) as unknown,
    ).toEqual({ open: false });

    await desk.fill("input[name=screen-name]", "wall-1");
    await desk.click("form[aria-label] button[type=submit] >> nth=1");
    const link = await desk.locator(".created output").innerText();
    expect(link).toMatch(/\/\?token=[A-Za-z0-9_-]{43}&kiosk=1$/);

    const wall = await openPage("wall");
    await wall.goto(link);
    await wall.waitForSelector(".wall[data-link=live]", { timeout: 30_000 });
    expect(new URL(wall.url()).search).toBe("?kiosk=1");
    await desk.reload();
    await desk.waitForSelector("[data-screen=wall-1]");
    expect(await desk.locator("[data-screen=wall-1]").innerText()).toMatch(/127\.0\.0\.1/);
    await desk.screenshot({ path: shot("admin"), fullPage: true });

    desk.on("dialog", (dialog) => void dialog.accept());
    await desk.click("[data-screen=wall-1] button.danger");
    await wall.waitForSelector("[data-signed-out]", { timeout: 10_000 });
    // Not stale figures: none at all.
    expect(await wall.getAttribute(".wall", "data-seq")).toBe("");
    expect(await wall.locator("[data-signed-out] a").count()).toBe(0);
    await wall.screenshot({ path: shot("wall-signed-out") });
  }, 120_000);

  it("sign in in Persian and English, and say the same for a wrong password as for no account", async () => {
    const page = await openPage("login");
    await page.goto(`${app.url}/admin`);
    await page.waitForURL(/\/login\?next=%2Fadmin$/);
    expect(await page.getAttribute("html", "lang")).toBe("fa");
    await page.fill("input[name=name]", "zahra");
    await page.fill("input[name=password]", "not the password");
    await page.click("button[type=submit]");
    const wrong = await page.locator(".message").innerText();
    expect(wrong).toBe("نام کاربری یا گذرواژه درست نیست.");
    await page.fill("input[name=name]", "nobody");
    await page.fill("input[name=password]", "not the password");
    await page.click("button[type=submit]");
    await page.waitForFunction(
      () => (document.querySelector("input[name=password]") as HTMLInputElement).value === "",
    );
    expect(await page.locator(".message").innerText()).toBe(wrong);
    await page.screenshot({ path: shot("login-fa") });

    await page.click("a.lang");
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute("html", "dir")).toBe("ltr");
    expect(await page.locator("h1").innerText()).toBe("Sign in to the live dashboard");
    await page.fill("input[name=name]", "zahra");
    await page.fill("input[name=password]", PASSWORD);
    await page.click("button[type=submit]");
    // Back where it was going, in the language it signed in in.
    await page.waitForURL(/\/admin\?lang=en$/);
    await page.waitForSelector("[data-account=zahra]");
    expect(await page.locator("h2").first().innerText()).toBe("Accounts");
    await page.screenshot({ path: shot("admin-en"), fullPage: true });
  }, 60_000);

  it("trip no Content-Security-Policy rule on any page", () => {
    expect(violations).toEqual([]);
  });
});
