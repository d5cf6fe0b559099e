import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeSwitchEvent, parseSwitchEvent } from "../../shared/events.ts";

const base = { id: "e1", v: 1, at: 1_764_000_000_000, source: "test", line: "kalat" };

describe("event contract", () => {
  it("accepts every event kind the contract names", () => {
    const events = [
      { ...base, type: "call.joined", call: "c", caller: "p0a1b2c3", position: 1 },
      { ...base, type: "call.offered", call: "c", official: "o" },
      { ...base, type: "call.offer-missed", call: "c", official: "o", ringSec: 15 },
      { ...base, type: "call.answered", call: "c", official: "o", waitSec: 12, ringSec: 3 },
      {
        ...base,
        type: "call.ended",
        call: "c",
        official: "o",
        waitSec: 12,
        talkSec: 250,
        endedBy: "official",
      },
      { ...base, type: "call.abandoned", call: "c", waitSec: 40 },
      { ...base, type: "call.left", call: "c", waitSec: 900, reason: "timeout" },
      { ...base, type: "official.logged-in", official: "o" },
      { ...base, type: "official.logged-out", official: "o" },
      { ...base, type: "official.paused", official: "o", reason: "ناهار" },
      { ...base, type: "official.resumed", official: "o" },
      { ...base, type: "official.state", official: "o", state: "wrap-up" },
      { id: "h", v: 1, at: 1, source: "sim", type: "switch.heartbeat", rate: 10 },
      {
        id: "s",
        v: 1,
        at: 1,
        source: "ami",
        type: "switch.status",
        connected: false,
        detail: "lost",
      },
    ];
    for (const e of events) expect(parseSwitchEvent(e)).toMatchObject({ ok: true });
  });

  it("rejects a bad event with a reason that names the field", () => {
    expect(parseSwitchEvent({ ...base, type: "call.abandoned", call: "c", waitSec: -1 })).toEqual({
      ok: false,
      reason: expect.stringContaining("waitSec") as string,
    });
    expect(parseSwitchEvent({ ...base, type: "call.teleported", call: "c" })).toMatchObject({
      ok: false,
    });
    expect(parseSwitchEvent({ ...base, v: 2, type: "call.joined", call: "c" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("v") as string,
    });
    expect(decodeSwitchEvent("{not json")).toEqual({ ok: false, reason: "not JSON" });
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const result = decodeSwitchEvent(text);
          expect(typeof result.ok).toBe("boolean");
        },
      ),
      { numRuns: 2000 },
    );
  });
});
