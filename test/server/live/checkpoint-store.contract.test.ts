/** One contract, every checkpoint store: memory, and the database of record on both dialects. */
import { afterEach, describe, expect, it } from "vitest";
import { alertThresholdsSchema } from "../../../shared/alerts.ts";
import { MemoryCheckpoints, type CheckpointStore } from "../../../server/live/checkpoint-store.ts";
import { LiveModel } from "../../../server/live/live-model.ts";
import { SqlCheckpoints } from "../../../server/live/sql-checkpoints.ts";
import { event, T0 } from "../../support/events.ts";
import { DIALECTS, testDatabase } from "../../support/database.ts";
import { smallReference } from "../../support/reference.ts";

interface Made {
  store: CheckpointStore;
  /** The same data through a new handle: a restart. */
  reopen(): Promise<CheckpointStore>;
  cleanup(): Promise<void>;
}

const stores: [string, () => Promise<Made>][] = [
  [
    "memory",
    async () => {
      const store = new MemoryCheckpoints();
      return { store, reopen: async () => store, cleanup: async () => undefined };
    },
  ],
  ...DIALECTS.map((dialect): [string, () => Promise<Made>] => [
    `sql (${dialect})`,
    async () => {
      const records = testDatabase(dialect);
      const open = async () => new SqlCheckpoints(await records.open());
      return { store: await open(), reopen: open, cleanup: () => records.destroy() };
    },
  ]),
];

function modelWith(calls: number): LiveModel {
  const model = new LiveModel({
    reference: smallReference(),
    thresholds: alertThresholdsSchema.parse({}),
    epoch: "e",
    now: T0,
  });
  for (let i = 0; i < calls; i += 1) {
    const e = event({ type: "call.joined", line: "kalat", call: `c${i}`, at: T0 + i * 1000 });
    model.apply({ id: String(i + 1), appendedAt: e.at, message: JSON.stringify(e) });
  }
  return model;
}

describe.each(stores)("%s checkpoint store", (_name, make) => {
  const made: Made[] = [];
  afterEach(async () => {
    for (const m of made.splice(0)) await m.cleanup();
  });

  it("has none at first, then the last one saved, also after a restart", async () => {
    const m = await make();
    made.push(m);
    expect(await m.store.load()).toBeNull();
    await m.store.save(modelWith(2).checkpoint());
    const latest = modelWith(3).checkpoint();
    await m.store.save(latest);
    const loaded = await (await m.reopen()).load();
    expect(loaded).toEqual(latest);
    const restored = new LiveModel(
      {
        reference: smallReference(),
        thresholds: alertThresholdsSchema.parse({}),
        epoch: "r",
        now: T0,
      },
      loaded,
    );
    expect(restored.lastLogId).toBe("3");
    expect(restored.state.lines.get("kalat")?.waiting.size).toBe(3);
  });
});
