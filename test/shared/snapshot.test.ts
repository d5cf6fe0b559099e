import { describe, expect, it } from "vitest";
import { applyEvent, createLiveState } from "../../shared/live-state.ts";
import { applyDelta, computeViews, toDelta, toSnapshot } from "../../shared/snapshot.ts";
import { event, sec, T0 } from "../support/events.ts";
import { smallReference } from "../support/reference.ts";

const reference = smallReference();
const counties = reference.counties.map((c) => c.id);

describe("snapshot and deltas", () => {
  it("a snapshot plus each delta equals the next snapshot", () => {
    const state = createLiveState(reference, T0);
    let views = computeViews(state, counties, T0);
    let client = toSnapshot(views, { seq: 0, epoch: "e", now: T0 });
    const steps = [
      event({ type: "official.logged-in", line: "kalat", official: "farmandar-kalat", at: sec(1) }),
      event({ type: "call.joined", line: "kalat", call: "a", at: sec(2) }),
      event({ type: "call.joined", line: "night", call: "b", at: sec(3) }),
      event({
        type: "call.offered",
        line: "kalat",
        call: "a",
        official: "farmandar-kalat",
        at: sec(4),
      }),
      event({
        type: "call.answered",
        line: "kalat",
        call: "a",
        official: "farmandar-kalat",
        waitSec: 4,
        at: sec(6),
      }),
    ];
    steps.forEach((e, i) => {
      applyEvent(state, e);
      const next = computeViews(state, counties, e.at);
      const meta = { seq: i + 1, epoch: "e", now: e.at };
      const delta = toDelta(next, views, meta);
      expect(delta).not.toBeNull();
      if (delta) client = applyDelta(client, delta);
      expect(client).toEqual(toSnapshot(next, meta));
      views = next;
    });
  });

  it("has no delta when nothing changed, unless a keep-alive asks for one", () => {
    const state = createLiveState(reference, T0);
    const views = computeViews(state, counties, T0);
    const again = computeViews(state, counties, sec(5));
    expect(toDelta(again, views, { seq: 1, epoch: "e", now: sec(5) })).toBeNull();
    const keepAlive = toDelta(again, views, { seq: 1, epoch: "e", now: sec(5) }, true);
    expect(keepAlive).toEqual({ seq: 1, epoch: "e", at: new Date(sec(5)).toISOString() });
  });

  it("carries only the fields that changed, and the client keeps everything else as it was", () => {
    const state = createLiveState(reference, T0);
    applyEvent(state, event({ type: "switch.heartbeat", rate: 1, at: T0 }));
    const views = computeViews(state, counties, T0);
    const client = toSnapshot(views, { seq: 0, epoch: "e", now: T0 });
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "a", at: sec(1) }));
    const next = computeViews(state, counties, sec(1));
    const delta = toDelta(next, views, { seq: 1, epoch: "e", now: sec(1) });
    expect(delta?.lines).toEqual([{ id: "kalat", offered: 1, waiting: 1 }]);
    expect(delta?.province).toEqual({ offered: 1, waiting: 1 });
    expect(delta?.officials).toBeUndefined();
    const merged = delta ? applyDelta(client, delta) : client;
    expect(merged.officials).toBe(client.officials);
    expect(merged.lines.find((l) => l.id === "mashhad")).toBe(
      client.lines.find((l) => l.id === "mashhad"),
    );
    expect(merged.province.officials).toBe(client.province.officials);
  });

  it("merges two different deltas into the same snapshot, each right", () => {
    const state = createLiveState(reference, T0);
    const base = toSnapshot(computeViews(state, counties, T0), { seq: 0, epoch: "e", now: T0 });
    const grow = (id: string, offered: number) =>
      applyDelta(base, { seq: 1, epoch: "e", at: base.at, lines: [{ id, offered }] });
    const one = grow("queue-x", 1);
    const two = grow("queue-y", 2);
    const again = applyDelta(one, {
      seq: 2,
      epoch: "e",
      at: base.at,
      lines: [{ id: "queue-x", offered: 3 }],
    });
    expect(two.lines.map((l) => [l.id, l.offered])).toEqual([
      ...base.lines.map((l) => [l.id, 0]),
      ["queue-y", 2],
    ]);
    expect(again.lines.map((l) => [l.id, l.offered])).toEqual([
      ...base.lines.map((l) => [l.id, 0]),
      ["queue-x", 3],
    ]);
  });

  it("carries the longest current wait as time passes", () => {
    const state = createLiveState(reference, T0);
    applyEvent(state, event({ type: "call.joined", line: "kalat", call: "w", at: sec(0) }));
    expect(computeViews(state, counties, sec(75)).counties.get("kalat")?.longestWaitSec).toBe(75);
    expect(computeViews(state, counties, sec(75)).province.longestWaitSec).toBe(75);
  });
});
