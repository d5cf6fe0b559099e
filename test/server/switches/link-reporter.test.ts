import { describe, expect, it } from "vitest";
import { parseSwitchEvent, type SwitchEventInput } from "../../../shared/events.ts";
import { LinkReporter } from "../../../server/switches/link-reporter.ts";
import { captureLog } from "./log-capture.ts";

function reporter() {
  let now = 1_795_950_000_000;
  const events: SwitchEventInput[] = [];
  const captured = captureLog();
  const link = new LinkReporter({
    source: "ami",
    idPrefix: "ami-test",
    log: captured.log,
    emit: (e) => events.push(e),
    at: () => now,
    now: () => now,
    reminderMs: 60_000,
  });
  return { link, events, captured, tick: (ms: number) => (now += ms) };
}

describe("LinkReporter", () => {
  it("emits one status per change and logs a change once, then a reminder a minute", () => {
    const { link, events, captured, tick } = reporter();
    for (let i = 0; i < 130; i += 1) {
      link.down("cannot connect to pbx:5038: connection refused (ECONNREFUSED)", {
        retryInMs: 1000,
      });
      tick(1_000);
    }
    link.down("no greeting from pbx:5038 within 10000 ms");
    link.up();
    link.up();
    expect(
      events.map((e) => e.type === "switch.status" && `${e.connected} ${e.detail ?? ""}`),
    ).toEqual([
      "false cannot connect to pbx:5038: connection refused (ECONNREFUSED)",
      "false no greeting from pbx:5038 within 10000 ms",
      "true ",
    ]);
    for (const e of events) expect(parseSwitchEvent(e)).toMatchObject({ ok: true });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const lines = captured.lines().map((l) => [l.msg, l.attempts ?? null]);
    expect(lines).toEqual([
      ["switch not reachable", null],
      ["switch still not reachable", 60],
      ["switch still not reachable", 60],
      ["switch not reachable", null],
      ["switch connected", null],
    ]);
  });

  it("says a lost link is lost, and a switch that comes back is connected", () => {
    const { link, events, captured } = reporter();
    link.up();
    link.down("the switch closed the connection");
    link.up();
    expect(events.map((e) => e.type === "switch.status" && e.connected)).toEqual([
      true,
      false,
      true,
    ]);
    expect(captured.lines().map((l) => l.msg)).toEqual([
      "switch connected",
      "switch connection lost",
      "switch connected",
    ]);
  });
});
