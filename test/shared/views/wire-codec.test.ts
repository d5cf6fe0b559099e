/**
 * The delta wire format: a busy stretch of a real province's traffic through the live model, sent
 * as frames and merged by a client, shows exactly the server's figures; frames are a fraction of
 * the plain JSON; anything malformed is refused with a WireError that says what.
 */
import { describe, expect, it } from "vitest";
import { alertThresholdsSchema } from "../../../shared/alerts.ts";
import type { SwitchEventInput } from "../../../shared/events.ts";
import { applyDelta, type Delta, type Snapshot } from "../../../shared/snapshot.ts";
import {
  encodeDelta,
  positionsOf,
  WIRE_VERSION,
  WireError,
} from "../../../shared/views/wire-codec.ts";
import { decodeDelta, frameHeader } from "../../../shared/views/wire-decode.ts";
import { createFormat } from "../../../client/src/lib/format.ts";
import { LiveModel } from "../../../server/live/live-model.ts";
import { Traffic } from "../../support/traffic.ts";
import { figures } from "../../client/fixtures.ts";
import { provinceReference } from "../../support/reference.ts";
import { T0 } from "../../support/events.ts";

const format = createFormat("en");
/** Every figure a page shows of a line, county or the province, as it reads. */
function shown(s: Snapshot): string[] {
  const figures = [...s.lines, ...s.counties, { id: "province", ...s.province }];
  return figures.flatMap((f) => [
    f.id,
    format.number(f.offered),
    format.percent(f.answerRate),
    format.percent(f.serviceLevel),
    format.percent(f.serviceLevelPerf),
    format.percent(f.serviceLevelPerf2),
    format.duration(f.averageSpeedOfAnswerSec ?? 0),
    format.duration(f.averageTalkSec ?? 0),
    format.duration(f.longestWaitSec),
    ...s.intervals.today.map((i) => format.percent(i.answerRate)),
  ]);
}

describe("delta frames", () => {
  it("carry a busy stretch exactly: the client shows the server's figures, in a fraction of the bytes", async () => {
    const reference = await provinceReference();
    const thresholds = alertThresholdsSchema.parse({});
    const model = new LiveModel({ reference, thresholds, epoch: "busy", now: T0 });
    let id = 0;
    const apply = (event: SwitchEventInput): void =>
      void model.apply({
        id: `${(id += 1)}-0`,
        appendedAt: event.at,
        message: JSON.stringify(event),
      });
    const traffic = new Traffic(reference, 3);
    for (const event of traffic.logins(T0)) apply(event);
    model.flush(T0, true, null);
    let client = model.snapshot();
    let clock = T0;
    let [json, wire] = [0, 0];
    // 1,000 events a second for 30 s, flushed every 250 ms.
    for (let flush = 0; flush < 120; flush += 1) {
      for (let i = 0; i < 250; i += 1) apply(traffic.next((clock += 1)));
      const delta = model.flush(clock, false, null);
      if (!delta) continue;
      const text = JSON.stringify(encodeDelta(delta, positionsOf(client)).frame);
      const decoded = decodeDelta(JSON.parse(text), client);
      expect(decoded).toEqual(delta);
      client = applyDelta(client, decoded);
      json += JSON.stringify(delta).length;
      wire += text.length;
    }
    const server = model.snapshot();
    expect(client).toEqual(server);
    expect(shown(client)).toEqual(shown(server));
    expect(wire / json).toBeLessThan(0.35);
  });

  it("name an entry the positions miss by its id, which the client merges as before", () => {
    const base = snapshotOf(["a", "b"]);
    const delta: Delta = {
      seq: 2,
      epoch: "e",
      at: "2026-11-30T05:00:00.250Z",
      lines: [
        { id: "b", offered: 3, answerRate: 2 / 3 },
        { ...lineOf("c"), offered: 1 },
      ],
    };
    const { frame, byId } = encodeDelta(delta, positionsOf(base));
    expect(byId).toBe(true);
    expect(frame[4].l).toEqual([
      [1, 1 + 4, 3, [2, 3]],
      ["c", ...(frame[4].l as unknown[][])[1]!.slice(1)],
    ]);
    expect(decodeDelta(frame, base)).toEqual(delta);
    // Another epoch's positions are not used.
    const other = encodeDelta(delta, { ...positionsOf(base), epoch: "old" }).frame;
    expect((other[4].l as unknown[][]).map((entry) => entry[0])).toEqual(["b", "c"]);
  });

  it("refuse a malformed frame with a clear error", () => {
    const base = snapshotOf(["a"]);
    const ok = encodeDelta(
      { seq: 2, epoch: "e", at: base.at, lines: [{ id: "a", offered: 1 }] },
      positionsOf(base),
    ).frame;
    const bad: [unknown, RegExp][] = [
      [null, /not a delta frame/],
      [{ seq: 2 }, /not a delta frame/],
      [[WIRE_VERSION + 1, 2, "e", 0, {}], /wire version 2; this page reads version 1: reload it/],
      [[WIRE_VERSION, "2", "e", 0, {}], /valid seq and epoch/],
      [[WIRE_VERSION, 2, "e", "yesterday", {}], /at: not a time/],
      [[WIRE_VERSION, 2, "e", 0, []], /without a body/],
      [[WIRE_VERSION, 2, "e", 0, { x: 1 }], /unknown part x/],
      [[WIRE_VERSION, 2, "e", 0, { l: [[5, 1, 1]] }], /lines: no entry at 5/],
      [[WIRE_VERSION, 2, "e", 0, { l: [[0, 3, 1]] }], /fewer values than the mask/],
      [[WIRE_VERSION, 2, "e", 0, { l: [[0, 1, 1, 2]] }], /more values than the mask/],
      [[WIRE_VERSION, 2, "e", 0, { l: [[0, 2 ** 40, 1]] }], /bad field mask/],
      [[WIRE_VERSION, 2, "e", 0, { l: [[0, 1, "many"]] }], /lines.offered: not a number/],
      [[WIRE_VERSION, 2, "e", 0, { p: [1, [1, 0]] }], /province.offered: not a number/],
      [[WIRE_VERSION, 2, "e", 0, { o: [["x", 8, 99]] }], /officials.callLine: no line at 99/],
      [[WIRE_VERSION, 2, "e", 0, { s: [1, "", null] }], /switch: malformed/],
      [[WIRE_VERSION, 2, "e", 0, { i: [[0, 1]] }], /interval: not a start and six counts/],
    ];
    expect(() => decodeDelta(ok, base)).not.toThrow();
    for (const [frame, message] of bad) {
      expect(() => decodeDelta(frame, base), String(message)).toThrow(WireError);
      expect(() => decodeDelta(frame, base)).toThrow(message);
    }
    expect(frameHeader(ok)).toEqual({ seq: 2, epoch: "e" });
  });

  it("refuse to encode a field the table has no code for", () => {
    const delta = {
      seq: 1,
      epoch: "e",
      at: "2026-11-30T05:00:00.000Z",
      lines: [{ id: "a", colour: 1 }],
    };
    expect(() => encodeDelta(delta as unknown as Delta)).toThrow(
      /no wire code for the field colour/,
    );
  });
});

function lineOf(id: string): Snapshot["lines"][number] {
  return { id, county: null, agency: null, known: true, ...figures() };
}

function snapshotOf(lines: string[]): Snapshot {
  const line = lineOf("p");
  const province: Snapshot["province"] = { ...line };
  for (const key of ["id", "county", "agency", "known"])
    delete (province as unknown as Record<string, unknown>)[key];
  return {
    seq: 1,
    stale: null,
    epoch: "e",
    at: "2026-11-30T05:00:00.000Z",
    definitions: "2",
    dayStart: "2026-11-29T20:30:00.000Z",
    switch: { connected: true, detail: "", lastEventAt: null },
    lines: lines.map(lineOf),
    counties: [],
    officials: [],
    province,
    intervals: { minutes: 15, today: [], lastWeek: null },
    alerts: [],
  };
}
