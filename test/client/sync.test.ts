import { describe, expect, it } from "vitest";
import {
  initialSync,
  MAX_PENDING_DELTAS,
  receiveDelta,
  receiveSnapshot,
  resyncFailed,
  type SyncState,
} from "../../client/src/lib/sync.ts";
import { delta, snapshot } from "./fixtures.ts";

const synced = (seq: number, epoch = "e1"): SyncState =>
  receiveSnapshot(initialSync, snapshot(seq, epoch)).state;

const waitingIn = (state: SyncState): number | undefined => state.snapshot?.province.waiting;

describe("receiveDelta", () => {
  it("applies the next delta in sequence", () => {
    const step = receiveDelta(synced(10), delta(11, 4));
    expect(step.resync).toBe(false);
    expect(step.state.snapshot?.seq).toBe(11);
    expect(waitingIn(step.state)).toBe(4);
    expect(step.state.snapshot?.counties.find((c) => c.id === "mashhad")?.waiting).toBe(4);
  });

  it("ignores a duplicate or an old delta", () => {
    const state = receiveDelta(synced(10), delta(11, 4)).state;
    const again = receiveDelta(state, delta(11, 9));
    expect(again.resync).toBe(false);
    expect(again.state).toBe(state);
    expect(receiveDelta(state, delta(5, 9)).state).toBe(state);
  });

  it("asks for a snapshot on a gap and keeps the last-good state meanwhile", () => {
    const step = receiveDelta(synced(10), delta(13, 7));
    expect(step.resync).toBe(true);
    expect(step.state.resyncing).toBe(true);
    expect(step.state.snapshot?.seq).toBe(10);
  });

  it("asks for a snapshot when the epoch changes", () => {
    const step = receiveDelta(synced(10), delta(11, 7, "e2"));
    expect(step.resync).toBe(true);
    expect(step.state.snapshot?.epoch).toBe("e1");
  });

  it("refuses a frame it cannot read, says why and asks for a snapshot, never throwing", () => {
    const state = synced(10);
    const bad = [null, "delta", [2, 11, "e1", 0, {}], [1, 11, "e1", 0, { c: [[7, 1, 1]] }]];
    for (const frame of bad) {
      const step = receiveDelta(state, frame);
      expect(step.resync).toBe(true);
      expect(step.refused).toMatch(/delta frame|wire version 2|no entry at 7/);
      expect(step.state.snapshot).toBe(state.snapshot);
      // While a resync is under way a bad frame is dropped, without asking again.
      expect(receiveDelta(step.state, frame)).toMatchObject({ resync: false });
    }
  });

  it("refuses a held frame it cannot read when replaying it, and asks again", () => {
    let state = receiveDelta(synced(10), delta(12, 1)).state;
    state = receiveDelta(state, [1, 13, "e1", 0, { c: [[7, 1, 1]] }]).state;
    const step = receiveSnapshot(state, snapshot(11));
    expect(step.resync).toBe(true);
    expect(step.refused).toMatch(/no entry at 7/);
    expect(step.state.snapshot?.seq).toBe(12);
  });

  it("asks for a snapshot when a delta comes before any snapshot", () => {
    const step = receiveDelta(initialSync, delta(3, 1));
    expect(step.resync).toBe(true);
    expect(step.state.snapshot).toBeNull();
  });

  it("holds deltas during a resync without asking again, and holds a bounded number", () => {
    let state = receiveDelta(synced(10), delta(13, 1)).state;
    for (let seq = 14; seq < 14 + MAX_PENDING_DELTAS * 3; seq += 1) {
      const step = receiveDelta(state, delta(seq, seq));
      expect(step.resync).toBe(false);
      state = step.state;
    }
    expect(state.pending).toHaveLength(MAX_PENDING_DELTAS);
    expect(state.pending.at(-1)?.seq).toBe(13 + MAX_PENDING_DELTAS * 3);
  });
});

describe("receiveSnapshot", () => {
  it("replays the held deltas that continue the snapshot", () => {
    let state = receiveDelta(synced(10), delta(13, 1)).state;
    state = receiveDelta(state, delta(14, 2)).state;
    state = receiveDelta(state, delta(15, 3)).state;
    const step = receiveSnapshot(state, snapshot(13, "e1", 1));
    expect(step.resync).toBe(false);
    expect(step.state.resyncing).toBe(false);
    expect(step.state.pending).toEqual([]);
    expect(step.state.snapshot?.seq).toBe(15);
    expect(waitingIn(step.state)).toBe(3);
  });

  it("skips duplicates among the held deltas", () => {
    let state = receiveDelta(synced(10), delta(12, 1)).state;
    state = receiveDelta(state, delta(13, 2)).state;
    state = receiveDelta(state, delta(13, 2)).state;
    const step = receiveSnapshot(state, snapshot(12, "e1", 1));
    expect(step.resync).toBe(false);
    expect(step.state.snapshot?.seq).toBe(13);
  });

  it("asks again when the held deltas leave a gap after the snapshot", () => {
    let state = receiveDelta(synced(10), delta(12, 1)).state;
    state = receiveDelta(state, delta(20, 5)).state;
    const step = receiveSnapshot(state, snapshot(15, "e1", 2));
    expect(step.resync).toBe(true);
    expect(step.state.snapshot?.seq).toBe(15);
    expect(step.state.pending.map((d) => d.seq)).toEqual([20]);
  });

  it("replaces the state from a new epoch even when its seq is lower", () => {
    const step = receiveSnapshot(synced(500, "e1"), snapshot(1, "e2", 9));
    expect(step.state.snapshot?.epoch).toBe("e2");
    expect(step.state.snapshot?.seq).toBe(1);
    expect(waitingIn(step.state)).toBe(9);
  });

  it("drops a snapshot that deltas have overtaken", () => {
    const state = receiveDelta(synced(10), delta(11, 4)).state;
    const step = receiveSnapshot(state, snapshot(9, "e1", 0));
    expect(step.resync).toBe(false);
    expect(step.state.snapshot?.seq).toBe(11);
  });

  it("takes the snapshot pushed on reconnect over the last-good state", () => {
    const step = receiveSnapshot(synced(10), snapshot(42, "e1", 6));
    expect(step.state.snapshot?.seq).toBe(42);
    expect(receiveDelta(step.state, delta(43, 7)).state.snapshot?.seq).toBe(43);
  });
});

describe("resyncFailed", () => {
  it("keeps the last-good state and lets the next delta ask again", () => {
    const waiting = receiveDelta(synced(10), delta(12, 1)).state;
    const failed = resyncFailed(waiting);
    expect(failed.snapshot?.seq).toBe(10);
    expect(failed.resyncing).toBe(false);
    expect(receiveDelta(failed, delta(13, 1)).resync).toBe(true);
  });
});
