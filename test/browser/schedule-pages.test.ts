/**
 * The schedule in Chromium against a real server: the admin uploads a bad timetable (each fault
 * shown, nothing saved) then a good one (its sessions listed for the week), and a citizen, not
 * signed in, reads the published week in Persian. No page may trip the Content-Security-Policy.
 */
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/app.ts";
import { SYSTEM } from "../../server/access/audit-trail.ts";
import { tehranJalaliDate } from "../../shared/tehran-time.ts";
import { CLIENT_DIR, startTestApp } from "../support/app.ts";
import { launchChromium } from "../support/browser.ts";
import { provinceReference } from "../support/reference.ts";

const PASSWORD = "correct horse battery";
const shot = (name: string) => path.join(tmpdir(), `samad-${name}.png`);
/** Today in Tehran, as the office writes it: the week shown first, and the public week. */
const TODAY = tehranJalaliDate(Date.now());
const persianDigits = (text: string) => text.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] ?? d);

let app: RunningApp;
let browser: Browser;
const violations: string[] = [];

beforeAll(async () => {
  // The province's reference, with no seeded sessions: the page shows only what the test uploads.
  const reference = { ...(await provinceReference()), sessions: [] };
  app = await startTestApp({ reference, clientDir: CLIENT_DIR });
  await app.admin.addAccount({ name: "maryam", role: "admin", password: PASSWORD }, SYSTEM);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function openPage(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
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

const csv = (text: string) => ({
  name: "timetable.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(text, "utf8"),
});

describe("the schedule pages", () => {
  it("let the admin upload a bad timetable, see each fault, then a good one", async () => {
    const page = await openPage("admin");
    await page.goto(`${app.url}/admin`);
    await page.waitForURL(/\/login/);
    await page.fill("input[name=name]", "maryam");
    await page.fill("input[name=password]", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(/\/admin$/);
    await page.waitForSelector("section.schedule");
    expect(await page.textContent("section.schedule")).toContain("در این هفته نوبتی نیست");

    const bad =
      "مقام,خط,تاریخ,شروع,پایان\n" +
      `فرماندار کلات,خط فرمانداری کلات,${TODAY},08:00,10:00\n` +
      `فرماندار ناشناس,خط فرمانداری کلات,${TODAY},08:00,10:00\n` +
      `فرماندار کلات,خط فرمانداری کلات,${TODAY},09:00,11:00\n`;
    await page.setInputFiles("input[name=timetable]", csv(bad));
    await page.click("form.upload button[type=submit]");
    await page.waitForSelector("ol.faults li");
    const faults = await page.locator("ol.faults li").allTextContents();
    expect(faults).toEqual([
      "ردیف ۳، ستون «مقام»: «فرماندار ناشناس» در فهرست مقام‌ها نیست (شناسه یا نام).",
      "ردیف ۴، ستون «شروع»: با نوبت دیگری از همین مقام هم‌پوشانی دارد. (ردیف ۲)",
    ]);
    expect(await page.locator("tr[data-session]").count()).toBe(0);
    await page.locator("section.schedule").screenshot({ path: shot("schedule-refused") });

    const good =
      "official,line,date,start,end\n" +
      `farmandar-kalat,kalat,${persianDigits(TODAY)},۰۸:۰۰,۱۰:۰۰\n` +
      `فرماندار نیشابور,nishapur,${TODAY},10:00,12:00\n`;
    await page.setInputFiles("input[name=timetable]", csv(good));
    await page.click("form.upload button[type=submit]");
    await page.waitForFunction(() => document.querySelectorAll("tr[data-session]").length === 2);
    expect(await page.locator("ol.faults").count()).toBe(0);
    expect(await page.textContent("section.schedule .message")).toContain("۲ نوبت");
    const rows = await page.locator("tr[data-session]").allTextContents();
    expect(rows[0]).toContain("فرماندار کلات");
    expect(rows[0]).toContain("۰۸:۰۰–۱۰:۰۰");
    expect(rows[1]).toContain("فرماندار نیشابور");
    await page.locator("section.schedule").screenshot({ path: shot("schedule-admin") });

    // One more by hand, refused first for its overlap, then deleted again.
    const form = page.locator("section.schedule form.add");
    await form.locator("select[name=official]").selectOption("farmandar-kalat");
    await form.locator("select[name=line]").selectOption("kalat");
    await form.locator("input[name=date]").fill(TODAY);
    await form.locator("input[name=start]").fill("09:00");
    await form.locator("input[name=end]").fill("09:30");
    await form.locator("button[type=submit]").click();
    await page.waitForSelector("section.schedule .message:has-text('هم‌پوشانی')");
    await form.locator("input[name=start]").fill("13:00");
    await form.locator("input[name=end]").fill("13:30");
    await form.locator("button[type=submit]").click();
    await page.waitForFunction(() => document.querySelectorAll("tr[data-session]").length === 3);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator("tr[data-session]", { hasText: "۱۳:۰۰" }).locator("button.danger").click();
    await page.waitForFunction(() => document.querySelectorAll("tr[data-session]").length === 2);
    await page.context().close();
  });

  it("publish the week to anyone, in Persian, without signing in", async () => {
    const page = await openPage("public");
    const response = await page.goto(`${app.url}/schedule`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${app.url}/schedule`);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    const kalat = page.locator("#county-kalat");
    await kalat.waitFor();
    expect(await kalat.textContent()).toContain("فرماندار کلات");
    expect(await kalat.textContent()).toContain("۰۸:۰۰ تا ۱۰:۰۰");
    expect(await page.locator("#county-nishapur").textContent()).toContain("فرماندار نیشابور");
    const feed = await kalat.locator("a.feed").getAttribute("href");
    expect(feed).toBe("/schedule/kalat.ics");
    const ics = await page.request.get(`${app.url}${feed}`);
    expect(ics.status()).toBe(200);
    expect(await ics.text()).toContain("SUMMARY:فرماندار کلات");
    // The stylesheet applied: the page is not the browser's bare default.
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).toContain("Vazirmatn");
    await page.screenshot({ path: shot("schedule-public"), fullPage: true });
    await page.context().close();
  });

  it("tripped no Content-Security-Policy", () => {
    expect(violations).toEqual([]);
  });
});
