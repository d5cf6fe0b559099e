import { describe, expect, it } from "vitest";
import type { Delta, Snapshot } from "../../../shared/snapshot.ts";
import { DeltaEncoder } from "../../../shared/views/wire-encoder.ts";
import { snapshot as fixture } from "../../client/fixtures.ts";

const refs = (frame: ReturnType<DeltaEncoder["encode"]>) =>
  (frame[4].c as unknown[][]).map((entry) => entry[0]);

describe("the server's delta encoder", () => {
  it("names entries by id until it has the positions of a snapshot of the same moment", () => {
    let state: Snapshot = fixture(1, "e1");
    const encoder = new DeltaEncoder(() => state);
    const ids = state.counties.map((c) => c.id);
    const delta = (seq: number): Delta => ({
      seq,
      epoch: "e1",
      at: state.at,
      counties: ids.map((id) => ({ id, waiting: seq })),
    });
    // The snapshot read after the delta is of another seq: no positions are taken from it.
    expect(refs(encoder.encode(delta(2)))).toEqual(ids);
    expect(refs(encoder.encode(delta(3)))).toEqual(ids);
    state = { ...state, seq: 4 };
    expect(refs(encoder.encode(delta(4)))).toEqual(ids);
    state = { ...state, seq: 5 };
    expect(refs(encoder.encode(delta(5)))).toEqual(ids.map((_, i) => i));
    // A new epoch starts over from ids.
    expect(refs(encoder.encode({ ...delta(1), epoch: "e2" }))).toEqual(ids);
  });
});
