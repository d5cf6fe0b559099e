import { describe, expect, it } from "vitest";
import { parseReference, ReferenceError } from "../../shared/reference.ts";
import { provinceReference, smallReference } from "../support/reference.ts";

describe("reference data", () => {
  it("holds the province: 34 counties, a line for each, and its officials", async () => {
    const reference = await provinceReference();
    expect(reference.counties).toHaveLength(34);
    expect(reference.counties.reduce((sum, c) => sum + c.population, 0)).toBe(6_434_501);
    for (const county of reference.counties) {
      expect(reference.lines.some((l) => l.county === county.id && l.agency === null)).toBe(true);
      expect(reference.officials.some((o) => o.role === "governor" && o.county === county.id)).toBe(
        true,
      );
    }
    expect(reference.officials.filter((o) => o.role === "governor-general")).toHaveLength(1);
    expect(reference.sessions.length).toBeGreaterThan(1000);
  });

  it("names the file, the entry and the field of a bad value", () => {
    const raw = structuredClone(smallReference()) as unknown as Record<
      string,
      Record<string, unknown>[]
    >;
    const lines = raw.lines as Record<string, unknown>[];
    (lines[2] as Record<string, unknown>).county = "atlantis";
    expect(() => parseReference(raw as never)).toThrow(
      new ReferenceError('lines.json: entry 2: field county: unknown id "atlantis"'),
    );
  });

  it("rejects a malformed entry before checking references", () => {
    const raw = structuredClone(smallReference()) as unknown as Record<string, unknown[]>;
    (raw.sessions as Record<string, unknown>[])[0] = {
      official: "farmandar-kalat",
      line: "kalat",
      date: "1405/13/40",
      from: "08:00",
      to: "10:00",
    };
    expect(() => parseReference(raw as never)).toThrow(
      /sessions\.json: entry 0: field date: expected a Jalali date/,
    );
    const counties = structuredClone(smallReference()) as unknown as Record<string, unknown[]>;
    (counties.counties as Record<string, unknown>[])[1] = {
      id: "kalat",
      fa: "Kalat",
      en: "Kalat",
      population: 1,
      centroidLatLon: [36, 59],
      areaKm2: 1,
    };
    expect(() => parseReference(counties as never)).toThrow(
      /counties\.json: entry 1 \(id "kalat"\): field fa: expected Persian text/,
    );
  });

  it("rejects duplicate ids and a file that is not a list", () => {
    const raw = structuredClone(smallReference()) as unknown as Record<string, unknown>;
    raw.officials = [...(raw.officials as unknown[]), (raw.officials as unknown[])[0]];
    expect(() => parseReference(raw as never)).toThrow(
      /officials\.json: entry 3 \(id "farmandar-mashhad"\): field id: duplicate/,
    );
    expect(() => parseReference({ ...(raw as object), agencies: {} } as never)).toThrow(
      /agencies\.json: expected a JSON array/,
    );
  });
});
