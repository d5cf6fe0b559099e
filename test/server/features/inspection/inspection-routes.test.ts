/**
 * The inspection API over a simulated week in the database of record: who may ask, what a wrong
 * parameter gets, the summary's rows (every county, with zeros), sessions and abandoned calls,
 * a row's detail, and the CSV exports parsed back (BOM, English and Persian headers).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../../server/app.ts";
import { MemoryHistory } from "../../../../server/history/history-store.ts";
import { SqlHistory } from "../../../../server/history/sql-history.ts";
import { backfillHistory } from "../../../../server/switches/simulator/backfill.ts";
import type { SummaryResponse } from "../../../../shared/inspection.ts";
import type { Reference } from "../../../../shared/reference.ts";
import { jalaliTimeToMs } from "../../../../shared/tehran-time.ts";
import { bearer, screenToken, startTestApp } from "../../../support/app.ts";
import { testDatabase, type TestDatabase } from "../../../support/database.ts";
import { provinceReference } from "../../../support/reference.ts";
import { parseCsv } from "../../../support/csv.ts";

/** A Saturday: the week before it (Saturday 1405/08/30 … Friday 1405/09/06) is simulated. */
const START = jalaliTimeToMs("1405/09/07", "09:00") ?? 0;
const WEEK = "from=2026-11-21&to=2026-11-27";

let app: RunningApp;
let data: TestDatabase;
let reference: Reference;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  reference = await provinceReference();
  data = testDatabase("sqlite");
  const database = await data.open();
  await backfillHistory({
    reference,
    seed: 5,
    start: START,
    days: 7,
    history: new MemoryHistory(),
    records: new SqlHistory(database, { reference }),
  });
  app = await startTestApp({ reference, database, wallClock: () => START });
  for (const role of ["viewer", "inspector", "shift-lead", "admin"] as const) {
    tokens[role] = await screenToken(app, role);
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
  await data?.destroy();
});

const get = (path: string, role = "inspector") =>
  fetch(`${app.url}/api/v1/inspection/${path}`, {
    headers: tokens[role] ? bearer(tokens[role]) : {},
  });

describe("the inspection API", () => {
  it("answers inspectors and admins, 403 to viewers and shift leads, 401 to strangers", async () => {
    for (const path of [
      `summary?${WEEK}&by=county`,
      `sessions?${WEEK}`,
      "abandoned?date=2026-11-22",
      `intervals?${WEEK}&by=county&id=mashhad`,
      `calls?${WEEK}&by=official&id=ostandar`,
    ]) {
      expect((await get(path, "inspector")).status, path).toBe(200);
      expect((await get(path, "admin")).status, path).toBe(200);
      expect((await get(path, "viewer")).status, path).toBe(403);
      expect((await get(path, "shift-lead")).status, path).toBe(403);
      expect((await get(path, "nobody")).status, path).toBe(401);
    }
  });

  it("says which parameter is wrong and why", async () => {
    const cases: [string, RegExp][] = [
      ["summary?by=county", /^from: missing/],
      ["summary?from=2026-11-31&to=2026-12-01&by=county", /^from: expected a date YYYY-MM-DD/],
      ["summary?from=2026-11-27&to=2026-11-21&by=county", /^to: 2026-11-21 is before from/],
      [`summary?${WEEK}&by=province`, /^by: expected one of official, county, agency, line/],
      [`summary?${WEEK}&by=county&format=xls`, /^format: expected json or csv/],
      [`summary?${WEEK}&by=county&lang=de`, /^lang: expected en or fa/],
      ["summary?from=2020-01-01&to=2026-01-01&by=county", /at most 731 days/],
      ["abandoned?date=yesterday", /^date: expected a date/],
      [`intervals?${WEEK}&by=county&id=atlantis`, /^id: no county "atlantis"/],
      [`calls?${WEEK}&by=county`, /^id: missing/],
    ];
    for (const [path, message] of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe("bad-request");
      expect(body.message, path).toMatch(message);
    }
  });

  it("lists every county, with zeros, and the same calls whichever the grouping", async () => {
    const byCounty = (await (await get(`summary?${WEEK}&by=county`)).json()) as SummaryResponse;
    expect(byCounty).toMatchObject({ from: "2026-11-21", to: "2026-11-27", by: "county" });
    expect(byCounty.definitions.version).toBe("2");
    expect(byCounty.rows.map((r) => r.id).sort()).toEqual(
      reference.counties.map((c) => c.id).sort(),
    );
    const empty = (await (
      await get("summary?from=2026-01-01&to=2026-01-01&by=county")
    ).json()) as SummaryResponse;
    expect(empty.rows).toHaveLength(reference.counties.length);
    expect(empty.rows.every((r) => r.offered === 0 && r.answerRate === null)).toBe(true);
    const byLine = (await (await get(`summary?${WEEK}&by=line`)).json()) as SummaryResponse;
    const total = (rows: SummaryResponse["rows"], key: "offered" | "answered" | "sessions") =>
      rows.reduce((n, r) => n + r[key], 0);
    expect(total(byCounty.rows, "offered")).toBeGreaterThan(300);
    expect(total(byLine.rows, "offered")).toBe(total(byCounty.rows, "offered"));
    expect(total(byLine.rows, "answered")).toBe(total(byCounty.rows, "answered"));
    expect(total(byLine.rows, "sessions")).toBe(total(byCounty.rows, "sessions"));
    const row = byCounty.rows.find((r) => r.offered > 0);
    expect(row?.answerRate).toBeGreaterThan(0);
    expect(row?.scheduledMinutes).toBeGreaterThan(0);
  });

  it("gives each session its attendance, and officials their own answered calls", async () => {
    const sessions = (await (await get(`sessions?${WEEK}`)).json()) as {
      rows: { status: string; plannedMinutes: number; jalaliDate: string; callsOffered: number }[];
    };
    expect(sessions.rows.length).toBeGreaterThan(20);
    const statuses = new Set(sessions.rows.map((r) => r.status));
    expect(statuses.has("kept")).toBe(true);
    expect(statuses.has("open")).toBe(false);
    expect(sessions.rows[0]?.jalaliDate).toMatch(/^1405\/0[89]\/\d\d$/);
    const byOfficial = (await (await get(`summary?${WEEK}&by=official`)).json()) as SummaryResponse;
    expect(byOfficial.rows).toHaveLength(reference.officials.length);
    const kept = (r: SummaryResponse["rows"][number]) =>
      r.sessionsKept + r.sessionsLate + r.sessionsMissed;
    expect(byOfficial.rows.reduce((n, r) => n + kept(r), 0)).toBe(sessions.rows.length);
    const ownAnswered = byOfficial.rows.reduce((n, r) => n + (r.answeredByOfficial ?? 0), 0);
    expect(ownAnswered).toBeGreaterThan(100);
  });

  it("lists a day's unanswered calls with the caller masked", async () => {
    const body = (await (await get("abandoned?date=2026-11-22")).json()) as {
      date: string;
      rows: { outcome: string; caller: string | null; waitSec: number }[];
    };
    expect(body.date).toBe("2026-11-22");
    expect(body.rows.length).toBeGreaterThan(0);
    for (const row of body.rows) {
      expect(["abandoned", "timeout", "left"]).toContain(row.outcome);
      if (row.caller !== null) expect(row.caller).toMatch(/^.{4}…$/);
    }
  });

  it("gives a row's 15-minute series and calls that add up to its summary", async () => {
    const summary = (await (await get(`summary?${WEEK}&by=county`)).json()) as SummaryResponse;
    const mashhad = summary.rows.find((r) => r.id === "mashhad");
    const series = (await (await get(`intervals?${WEEK}&by=county&id=mashhad`)).json()) as {
      rows: { offered: number; time: string }[];
    };
    expect(series.rows.reduce((n, r) => n + r.offered, 0)).toBe(mashhad?.offered);
    expect(series.rows[0]?.time).toMatch(/^\d\d:[0-4]5?0?$/);
    const calls = (await (await get(`calls?${WEEK}&by=county&id=mashhad`)).json()) as {
      rows: unknown[];
    };
    expect(calls.rows.length).toBeGreaterThan(0);
  });

  it("exports the same rows as CSV with a BOM, English or Persian headers and ASCII digits", async () => {
    const json = (await (await get(`summary?${WEEK}&by=county`)).json()) as SummaryResponse;
    for (const lang of ["en", "fa"] as const) {
      const response = await get(`summary?${WEEK}&by=county&format=csv&lang=${lang}`);
      expect(response.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers.get("content-disposition")).toBe(
        `attachment; filename="samad-inspection-summary-county-2026-11-21-2026-11-27-${lang}-v2.csv"`,
      );
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      expect(/[\u06F0-\u06F9\u0660-\u0669]/.test(text.split("\r\n").slice(1).join(""))).toBe(false);
      const [header, ...rows] = parseCsv(text.slice(1));
      expect(rows).toHaveLength(json.rows.length);
      if (lang === "en") {
        expect(header?.slice(0, 6)).toEqual([
          "id",
          "nameFa",
          "nameEn",
          "county",
          "agency",
          "offered",
        ]);
        expect(header?.slice(-2)).toEqual(["period", "definitions"]);
      } else {
        expect(header?.[0]).toBe("شناسه");
        expect(header).toContain("نرخ پاسخ");
      }
      const offeredAt = header?.indexOf(lang === "en" ? "offered" : "تماس‌های ورودی") ?? -1;
      rows.forEach((row, i) => {
        expect(Number(row[offeredAt])).toBe(json.rows[i]?.offered);
        expect(row.at(-2)).toBe(
          lang === "en" ? "2026-11-21..2026-11-27" : "1405/08/30..1405/09/06",
        );
        expect(row.at(-1)).toBe("2");
      });
    }
  });
});
