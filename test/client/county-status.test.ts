import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts.ts";
import type { CountyView } from "../../shared/snapshot.ts";
import {
  alertKindsByCounty,
  countyLevel,
  LEVEL_MARKER,
} from "../../client/src/lib/county-status.ts";
import { thresholdsSchema } from "../../shared/reference.ts";
import { figures } from "./fixtures.ts";

const { tiles } = thresholdsSchema.parse({});

const officials = (loggedIn: number, scheduled = 0) => ({
  loggedIn,
  unknown: 0,
  available: loggedIn,
  onCall: 0,
  paused: 0,
  scheduled,
});

function county(overrides: Partial<CountyView>): CountyView {
  return { id: "kalat", ...figures(), ...overrides };
}

describe("a county tile's level", () => {
  it("is idle when no session is on, nobody is on the line and nobody waits", () => {
    expect(countyLevel(county({}), tiles)).toBe("idle");
  });

  it("is ok with an official on the line and short waits", () => {
    expect(
      countyLevel(county({ officials: officials(1, 1), waiting: 1, longestWaitSec: 20 }), tiles),
    ).toBe("ok");
  });

  it("is critical when callers wait and nobody is on the line", () => {
    expect(countyLevel(county({ waiting: 2, longestWaitSec: 5 }), tiles)).toBe("critical");
  });

  it("follows the server's alerts: critical for a long wait, warning for an absent official", () => {
    const c = county({ officials: officials(1, 1) });
    expect(countyLevel(c, tiles, new Set(["long-wait"]))).toBe("critical");
    expect(countyLevel(c, tiles, new Set(["abandon-spike"]))).toBe("critical");
    expect(countyLevel(c, tiles, new Set(["absent"]))).toBe("warning");
  });

  it("warns when a scheduled official is missing or a wait passes a minute", () => {
    expect(countyLevel(county({ officials: officials(0, 1) }), tiles)).toBe("warning");
    expect(
      countyLevel(county({ officials: officials(1, 1), waiting: 1, longestWaitSec: 60 }), tiles),
    ).toBe("warning");
  });

  it("judges the answer rate only once enough calls have an outcome", () => {
    const base = { officials: officials(1, 1), answerRate: 0.4 };
    expect(countyLevel(county({ ...base, answered: 2, abandoned: 2 }), tiles)).toBe("ok");
    expect(countyLevel(county({ ...base, answered: 4, abandoned: 6 }), tiles)).toBe("critical");
    expect(
      countyLevel(county({ ...base, answerRate: 0.7, answered: 7, abandoned: 3 }), tiles),
    ).toBe("warning");
  });

  it("is idle once its session is over, whatever its answer rate was", () => {
    expect(countyLevel(county({ answerRate: 0.2, answered: 2, abandoned: 8 }), tiles)).toBe("idle");
    expect(countyLevel(county({ answerRate: 0.2 }), tiles, new Set(["abandon-spike"]))).toBe(
      "critical",
    );
  });

  it("judges by the served thresholds, and by none before they arrive", () => {
    const slow = county({ officials: officials(1, 1), waiting: 1, longestWaitSec: 90 });
    expect(countyLevel(slow, tiles)).toBe("warning");
    expect(countyLevel(slow, { ...tiles, warnWaitSec: 120 })).toBe("ok");
    expect(countyLevel(slow, null)).toBe("ok");
    const rated = county({
      officials: officials(1, 1),
      answerRate: 0.4,
      answered: 4,
      abandoned: 6,
    });
    expect(countyLevel(rated, null)).toBe("ok");
    expect(countyLevel(rated, { ...tiles, criticalAnswerRate: 0.3 })).toBe("warning");
    // Callers waiting with nobody on the line needs no threshold.
    expect(countyLevel(county({ waiting: 1 }), null)).toBe("critical");
  });

  it("has a distinct shape for every level, so the map reads without colour", () => {
    expect(new Set(Object.values(LEVEL_MARKER)).size).toBe(4);
  });
});

describe("alerts by county", () => {
  const alert = (kind: Alert["kind"], county: string | null, line: string | null): Alert => ({
    id: `${kind}:${county ?? line}`,
    kind,
    county,
    line,
    official: null,
    value: 1,
    since: "2026-12-05T04:40:00.000Z",
  });

  it("groups kinds per county and finds a line's county when the alert has none", () => {
    const kinds = alertKindsByCounty(
      [alert("unattended", "mashhad", null), alert("absent", null, "bajestan")],
      (line) => (line === "bajestan" ? "bajestan" : null),
    );
    expect([...(kinds.get("mashhad") ?? [])]).toEqual(["unattended"]);
    expect([...(kinds.get("bajestan") ?? [])]).toEqual(["absent"]);
  });
});
