import { describe, expect, it } from "vitest";
import type { OfficialView } from "../../shared/snapshot.ts";
import { isProblem, officialRows } from "../../client/src/lib/officials.ts";
import { thresholdsSchema } from "../../shared/reference.ts";

const { officials: limits } = thresholdsSchema.parse({});

const AT = "2026-12-05T05:00:00.000Z";
const ago = (sec: number): string => new Date(Date.parse(AT) - sec * 1000).toISOString();

function official(id: string, overrides: Partial<OfficialView> = {}): OfficialView {
  return {
    id,
    name: id,
    lines: [id],
    state: "available",
    stateSince: ago(10),
    pausedReason: null,
    answered: 0,
    callLine: null,
    known: true,
    session: null,
    ...overrides,
  };
}

const session = (line: string) => ({ line, from: ago(600), to: ago(-3000) });

describe("the officials panel", () => {
  const all = [
    official("free", { stateSince: ago(30) }),
    official("talking", { state: "on-call", stateSince: ago(100) }),
    official("gone", { state: "offline", lines: [] }),
    official("absent", { state: "offline", lines: [], session: session("absent") }),
    official("breather", { state: "paused", stateSince: ago(60), pausedReason: "نماز" }),
    official("long-pause", { state: "paused", stateSince: ago(900) }),
    official("ringing-long", { state: "ringing", stateSince: ago(20) }),
    official("ringing", { state: "ringing", stateSince: ago(3) }),
    official("free-longer", { stateSince: ago(300) }),
  ];

  it("puts problems first, then pauses and rings, calls, and free officials last", () => {
    const { rows, hidden } = officialRows(all, AT, 20, limits);
    expect(rows.map((r) => r.id)).toEqual([
      "absent",
      "long-pause",
      "ringing-long",
      "breather",
      "ringing",
      "talking",
      "free-longer",
      "free",
    ]);
    expect(hidden).toBe(0);
  });

  it("leaves out officials who are offline with no session on now", () => {
    expect(officialRows(all, AT, 20, limits).rows.some((r) => r.id === "gone")).toBe(false);
  });

  it("counts time in state on the switch's clock; an absent official from the session start", () => {
    const { rows } = officialRows(all, AT, 20, limits);
    expect(rows.find((r) => r.id === "long-pause")?.forSec).toBe(900);
    expect(rows.find((r) => r.id === "absent")?.forSec).toBe(600);
  });

  it("treats an official logged in to other lines than the session's as absent", () => {
    const elsewhere = official("x", { lines: ["other"], session: session("mine") });
    expect(officialRows([elsewhere], AT, 5, limits).rows[0]?.condition).toBe("absent");
  });

  it("is bounded, and says how many did not fit", () => {
    const { rows, hidden } = officialRows(all, AT, 3, limits);
    expect(rows).toHaveLength(3);
    expect(hidden).toBe(5);
  });

  it("takes what a long pause and a long ring are from the served thresholds", () => {
    const stricter = { longPauseSec: 30, longRingSec: 2 };
    const conditions = (t: typeof limits | null) =>
      Object.fromEntries(officialRows(all, AT, 20, t).rows.map((r) => [r.id, r.condition]));
    expect(conditions(stricter)).toMatchObject({ breather: "long-pause", ringing: "long-ring" });
    expect(conditions(null)).toMatchObject({ "long-pause": "paused", "ringing-long": "ringing" });
  });

  it("marks absent, long pauses and long rings as problems", () => {
    const problems = officialRows(all, AT, 20, limits)
      .rows.filter((r) => isProblem(r.condition))
      .map((r) => r.id);
    expect(problems).toEqual(["absent", "long-pause", "ringing-long"]);
  });
});
