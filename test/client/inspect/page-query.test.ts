import { describe, expect, it } from "vitest";
import {
  readChoice,
  readWeek,
  writeChoice,
  writeWeek,
} from "../../../client/src/inspect/page-query.ts";

// Monday 9 Azar 1405 in Tehran.
const NOW = Date.parse("2026-11-30T06:30:00Z");

describe("the inspection page's address", () => {
  it("opens on this week by official when it says nothing", () => {
    expect(readChoice("", NOW)).toEqual({
      kind: "this-week",
      period: { from: "2026-11-28", to: "2026-12-04" },
      by: "official",
    });
  });

  it("round-trips a preset and a custom range, keeping the language", () => {
    const lastWeek = readChoice("?period=last-week&by=county&lang=en", NOW);
    expect(lastWeek.period).toEqual({ from: "2026-11-21", to: "2026-11-27" });
    expect(writeChoice("?lang=en&period=today", lastWeek)).toBe(
      "?lang=en&period=last-week&by=county",
    );
    const custom = {
      kind: "custom" as const,
      period: { from: "2026-10-01", to: "2026-10-31" },
      by: "line" as const,
    };
    expect(readChoice(writeChoice("", custom), NOW)).toEqual(custom);
  });

  it("falls back from a range it cannot ask for", () => {
    expect(readChoice("?from=2026-10-31&to=2026-10-01", NOW).kind).toBe("this-week");
    expect(readChoice("?from=2024-01-01&to=2026-10-01", NOW).kind).toBe("this-week");
    expect(readChoice("?by=planet", NOW).by).toBe("official");
  });

  it("takes the weekly account's week from any day of it", () => {
    expect(readWeek("?week=2026-11-25", NOW)).toEqual({ from: "2026-11-21", to: "2026-11-27" });
    expect(readWeek("", NOW)).toEqual({ from: "2026-11-21", to: "2026-11-27" });
    expect(writeWeek("?lang=en", { from: "2026-11-21", to: "2026-11-27" })).toBe(
      "?lang=en&week=2026-11-21",
    );
  });
});
