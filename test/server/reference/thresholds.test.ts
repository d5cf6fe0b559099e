/** data/thresholds.json: every threshold in one file, checked at start and served to the wall. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { THRESHOLDS_ROUTE } from "../../../server/app.ts";
import { loadThresholds } from "../../../server/reference/load-reference.ts";
import { ReferenceError, thresholdsSchema } from "../../../shared/reference.ts";
import { startTestApp } from "../../support/app.ts";
import { DATA_DIR, smallReference } from "../../support/reference.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataWith(thresholds: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "samad-thresholds-"));
  dirs.push(dir);
  cpSync(DATA_DIR, dir, { recursive: true });
  writeFileSync(path.join(dir, "thresholds.json"), JSON.stringify(thresholds));
  return dir;
}

describe("the thresholds file", () => {
  it("holds the alerts', the tiles' and the officials panel's thresholds", async () => {
    const thresholds = await loadThresholds(DATA_DIR);
    expect(thresholds.alerts.longWaitSec).toBe(180);
    expect(thresholds.tiles).toEqual({
      warnWaitSec: 60,
      warnAnswerRate: 0.8,
      criticalAnswerRate: 0.5,
      minOutcomes: 5,
    });
    expect(thresholds.officials).toEqual({ longPauseSec: 300, longRingSec: 15 });
  });

  it("fills what it leaves out with the defaults", async () => {
    const thresholds = await loadThresholds(dataWith({ tiles: { warnWaitSec: 90 } }));
    expect(thresholds.tiles.warnWaitSec).toBe(90);
    expect(thresholds.tiles.minOutcomes).toBe(5);
    expect(thresholds.alerts).toEqual(thresholdsSchema.parse({}).alerts);
  });

  it.each([
    [
      { tiles: { warnWaitsec: 90 } },
      /thresholds\.json: field tiles: Unrecognized key: "warnWaitsec"/,
    ],
    [{ tiles: { criticalAnswerRate: 0.9 } }, /field tiles\.criticalAnswerRate: must not be above/],
    [{ officials: { longRingSec: -1 } }, /field officials\.longRingSec/],
    [{ alerts: { longWaitSec: "long" } }, /field alerts\.longWaitSec/],
    [{ lateLoginMinutes: 5 }, /field \(file\): Unrecognized key: "lateLoginMinutes"/],
  ])("stops on a wrong value, naming the file and the field (%j)", async (raw, message) => {
    const error = await loadThresholds(dataWith(raw)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReferenceError);
    expect((error as Error).message).toMatch(message);
  });

  it(`is served to the wall at ${THRESHOLDS_ROUTE}`, async () => {
    const thresholds = thresholdsSchema.parse({ tiles: { warnWaitSec: 75 } });
    const app = await startTestApp({
      reference: smallReference(),
      thresholds,
    });
    try {
      const response = await fetch(`${app.url}${THRESHOLDS_ROUTE}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(thresholds);
      // The gateway's own routes still answer behind it.
      expect((await fetch(`${app.url}/api/v1/reference`)).status).toBe(200);
      expect((await fetch(`${app.url}/api/v1/nothing`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
