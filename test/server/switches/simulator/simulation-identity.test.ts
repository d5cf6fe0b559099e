/** Which simulation a term of leadership runs: carried on, or a new one. */
import { afterEach, describe, expect, it } from "vitest";
import {
  RESUME_WITHIN_MS,
  SimulationIdentities,
  simulationFor,
} from "../../../../server/switches/simulator/simulation-identity.ts";
import { DIALECTS, testDatabase, type TestDatabase } from "../../../support/database.ts";

const T = Date.parse("2026-12-01T09:00:00+03:30");
const wanted = { seed: 7, start: T };

describe("the simulation a leader runs", () => {
  it("carries the stored one on from the log's time when the log heard it lately", () => {
    const stored = { seed: 7, start: T - 3_600_000 };
    expect(simulationFor(stored, wanted, { switchTime: T + 60_000, quietForMs: 5_000 })).toEqual({
      identity: stored,
      resumeAt: T + 60_000,
    });
  });

  it("starts a new one for a log long quiet, another seed, or none stored", () => {
    const stored = { seed: 7, start: T - 3_600_000 };
    const quiet = { switchTime: T + 60_000, quietForMs: RESUME_WITHIN_MS + 1 };
    expect(simulationFor(stored, wanted, quiet)).toEqual({
      identity: { seed: 7, start: T + 60_000 },
      resumeAt: undefined,
    });
    const recent = { switchTime: T - 60_000, quietForMs: 1_000 };
    expect(simulationFor({ ...stored, seed: 8 }, wanted, recent).resumeAt).toBeUndefined();
    expect(simulationFor(null, wanted, { switchTime: null, quietForMs: null })).toEqual({
      identity: wanted,
      resumeAt: undefined,
    });
  });
});

describe.each(DIALECTS)("simulation identities on %s", (dialect) => {
  let records: TestDatabase;
  afterEach(async () => records.destroy());

  it("keeps the last one saved across a restart", async () => {
    records = testDatabase(dialect);
    const store = new SimulationIdentities(await records.open());
    expect(await store.load()).toBeNull();
    await store.save({ seed: 1, start: T });
    await store.save({ seed: 2, start: T + 1 });
    expect(await new SimulationIdentities(await records.open()).load()).toEqual({
      seed: 2,
      start: T + 1,
    });
  });
});
