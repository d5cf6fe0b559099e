/**
 * The schedule over HTTP on a real server: the admin imports a bad then a good CSV and edits
 * single sessions, each change audited and seen by the live timetable at once; other roles are
 * refused; the public page and the iCalendar feed answer without signing in and show only the
 * published schedule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../../server/app.ts";
import { tehranDayStart, tehranJalaliDate, tehranParts } from "../../../../shared/tehran-time.ts";
import { bearer, screenToken, startTestApp, waitFor } from "../../../support/app.ts";
import { smallReference } from "../../../support/reference.ts";

let app: RunningApp;
let admin: Record<string, string>;
let inspector: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({ reference: smallReference() });
  admin = bearer(await screenToken(app, "admin"));
  inspector = bearer(await screenToken(app, "inspector"));
});
afterAll(() => app?.close());

const clock = (ms: number) => {
  const { hour, minute } = tehranParts(ms);
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
};
const isoDay = (ms: number) => {
  const { gy, gm, gd } = tehranParts(ms);
  return `${gy}-${String(gm).padStart(2, "0")}-${String(gd).padStart(2, "0")}`;
};
/** Tomorrow in Tehran, as the office writes it and as the API names it. */
const tomorrow = tehranDayStart(Date.now()) + 36 * 3_600_000;

function post(path: string, body: string, headers: Record<string, string>, type = "text/csv") {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": type },
    body,
  });
}

async function listed(day = tomorrow) {
  const response = await fetch(
    `${app.url}/api/v1/schedule/sessions?from=${isoDay(day)}&to=${isoDay(day)}`,
    { headers: admin },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; official: string; start: string; end: string }[];
}

describe("the CSV import", () => {
  const date = tehranJalaliDate(tomorrow);

  it("refuses a bad file whole, naming each row and field, and changes nothing", async () => {
    const before = await listed();
    const file = `official,line,date,start,end\nfarmandar-kalat,kalat,${date},08:00,10:00\nnobody,kalat,${date},08:00,25:00\n`;
    const response = await post("/api/v1/schedule/import", file, admin);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: { row: number; field: string }[] };
    expect(body.errors.map(({ row, field }) => `${row}:${field}`)).toEqual(["3:official", "3:end"]);
    expect(await listed()).toEqual(before);
  });

  it("imports a good file in Persian, replacing the days it covers, audited", async () => {
    const persianDate = date.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] ?? d);
    const file =
      "مقام,خط,تاریخ,شروع,پایان\n" +
      `فرماندار کلات,خط کلات,${persianDate},۰۸:۰۰,۱۰:۰۰\n` +
      `فرماندار مشهد,خط مشهد,${persianDate},۱۰:۰۰,۱۲:۰۰\n`;
    const response = await post("/api/v1/schedule/import", file, admin);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ from: date, to: date, added: 2 });
    const sessions = await listed();
    expect(sessions.map((s) => [s.official, s.start, s.end])).toEqual([
      ["farmandar-kalat", "08:00", "10:00"],
      ["farmandar-mashhad", "10:00", "12:00"],
    ]);
    // The same file again: the day is replaced, not doubled.
    expect((await post("/api/v1/schedule/import", file, admin)).status).toBe(200);
    expect((await listed()).length).toBe(2);
    const trail = await app.access.audit.range();
    expect(trail.filter((e) => e.action === "schedule.imported")).toHaveLength(2);
  });
});

describe("single sessions", () => {
  it("adds, refuses an overlap, changes and removes; each change audited", async () => {
    const date = tehranJalaliDate(tomorrow);
    const json = (body: object) => JSON.stringify(body);
    const base = { official: "modir-behzisti", line: "behzisti", date };
    const added = await post(
      "/api/v1/schedule/sessions",
      json({ ...base, start: "13:00", end: "14:00" }),
      admin,
      "application/json",
    );
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };

    const clash = await post(
      "/api/v1/schedule/sessions",
      json({ ...base, line: "mashhad", start: "13:30", end: "15:00" }),
      admin,
      "application/json",
    );
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({ error: "overlap", other: { id } });

    const bad = await post(
      "/api/v1/schedule/sessions",
      json({ ...base, official: "nobody", start: "9", end: "" }),
      admin,
      "application/json",
    );
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { errors: { field: string; code: string }[] }).errors.map(
        (e) => `${e.field}:${e.code}`,
      ),
    ).toEqual(["end:missing", "official:unknown-official", "start:bad-time"]);

    const changed = await fetch(`${app.url}/api/v1/schedule/sessions/${id}`, {
      method: "PUT",
      headers: { ...admin, "content-type": "application/json" },
      body: json({ ...base, start: "14:00", end: "15:00" }),
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ id, start: "14:00", end: "15:00" });
    const removed = await fetch(`${app.url}/api/v1/schedule/sessions/${id}`, {
      method: "DELETE",
      headers: admin,
    });
    expect(removed.status).toBe(204);
    const again = await fetch(`${app.url}/api/v1/schedule/sessions/${id}`, {
      method: "DELETE",
      headers: admin,
    });
    expect(again.status).toBe(404);

    const trail = (await app.access.audit.range()).filter((e) => e.subject === id);
    expect(trail.map((e) => e.action)).toEqual([
      "schedule.session-added",
      "schedule.session-changed",
      "schedule.session-removed",
    ]);
    expect(trail[1]?.detail).toMatchObject({ before: { from: "13:00" }, after: { from: "14:00" } });
    expect(trail[0]?.actor.kind).toBe("token");
  });

  it("reaches the live timetable at once: the wall counts the official as scheduled", async () => {
    const now = Date.now();
    const dayStart = tehranDayStart(now);
    const start = Math.max(dayStart, now - 3_600_000);
    const end = Math.min(dayStart + 23 * 3_600_000 + 59 * 60_000, now + 3_600_000);
    const scheduled = () => app.live.snapshot().province.officials.scheduled;
    const before = scheduled();
    const response = await post(
      "/api/v1/schedule/sessions",
      JSON.stringify({
        official: "farmandar-mashhad",
        line: "mashhad",
        date: tehranJalaliDate(now),
        start: clock(start),
        end: clock(end),
      }),
      admin,
      "application/json",
    );
    expect(response.status).toBe(201);
    await waitFor(() => scheduled() === before + 1);
  });

  it("is refused to an inspector and to anyone not signed in", async () => {
    const file = "official,line,date,start,end\n";
    expect((await post("/api/v1/schedule/import", file, inspector)).status).toBe(403);
    expect((await post("/api/v1/schedule/import", file, { origin: app.url })).status).toBe(401);
    const list = await fetch(`${app.url}/api/v1/schedule/sessions?from=2026-12-01&to=2026-12-07`, {
      headers: inspector,
    });
    expect(list.status).toBe(403);
  });
});

describe("the published schedule", () => {
  beforeAll(async () => {
    // Its own sessions, two days ahead: whatever the other tests did, the week holds these.
    const date = tehranJalaliDate(tomorrow + 86_400_000);
    const file = `official,line,date,start,end\nfarmandar-kalat,kalat,${date},08:00,10:00\n`;
    expect((await post("/api/v1/schedule/import", file, admin)).status).toBe(200);
  });

  it("is a page anyone can read, in Persian by default and in English on request", async () => {
    const fa = await fetch(`${app.url}/schedule`);
    expect(fa.status).toBe(200);
    expect(fa.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await fa.text();
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain("فرماندار کلات");
    expect(html).toContain("۰۸:۰۰");
    expect(html).toContain('href="/schedule/kalat.ics"');
    // Who typed the sessions in is not published.
    expect(html).not.toMatch(/test-admin|created/i);
    const en = await (await fetch(`${app.url}/schedule?lang=en`)).text();
    expect(en).toContain('<html lang="en" dir="ltr">');
    expect(en).toContain("Governor of Kalat");
    expect((await fetch(`${app.url}/schedule/schedule.css`)).status).toBe(200);
  });

  it("shows a change at once, though it keeps its answers for a minute", async () => {
    const page = () => fetch(`${app.url}/schedule`).then((r) => r.text());
    expect(await page()).not.toContain("مدیرکل بهزیستی");
    const added = await post(
      "/api/v1/schedule/sessions",
      JSON.stringify({
        official: "modir-behzisti",
        line: "behzisti",
        date: tehranJalaliDate(tomorrow + 86_400_000),
        start: "15:00",
        end: "16:00",
      }),
      admin,
      "application/json",
    );
    expect(added.status).toBe(201);
    expect(await page()).toContain("مدیرکل بهزیستی");
  });

  it("is an iCalendar feed per county, anyone can read", async () => {
    const response = await fetch(`${app.url}/schedule/kalat.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
    const text = await response.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toMatch(/UID:farmandar-kalat-\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z@samad-live\r\n/);
    expect(text).not.toContain("farmandar-mashhad");
    expect((await fetch(`${app.url}/schedule/atlantis.ics`)).status).toBe(404);
  });
});
