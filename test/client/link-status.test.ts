import { describe, expect, it } from "vitest";
import {
  badgeFor,
  bannerFor,
  figuresAreStale,
  linkStatus,
  STALE_AFTER_MS,
} from "../../client/src/lib/link-status.ts";
import type { ServerHealth } from "../../shared/wire.ts";
import { snapshot } from "./fixtures.ts";

const now = 1_000_000;
const health = (busConnected: boolean, simulated = false): ServerHealth => ({
  bus: "redis",
  busConnected,
  rejectedEvents: 0,
  startedAt: "2025-11-29T06:00:00.000Z",
  switchKind: simulated ? "simulator" : "ami",
  simulation: simulated ? { speed: 10 } : null,
});

const withSwitch = (connected: boolean | null) => ({
  ...snapshot(1),
  switch: { connected, detail: "", lastEventAt: null },
});

describe("linkStatus", () => {
  it("is connecting until the first snapshot", () => {
    expect(linkStatus({ connected: false, hasSnapshot: false, lastMessageAt: null, now })).toBe(
      "connecting",
    );
    expect(linkStatus({ connected: true, hasSnapshot: false, lastMessageAt: null, now })).toBe(
      "connecting",
    );
  });

  it("is live while messages keep coming", () => {
    const facts = { connected: true, hasSnapshot: true, lastMessageAt: now - STALE_AFTER_MS, now };
    expect(linkStatus(facts)).toBe("live");
  });

  it("turns stale after a silence longer than the threshold", () => {
    const facts = { connected: true, hasSnapshot: true, lastMessageAt: now - 4_001, now };
    expect(linkStatus(facts)).toBe("stale");
    expect(linkStatus({ ...facts, staleAfterMs: 10_000 })).toBe("live");
  });

  it("is disconnected when the socket is down but a last-good state exists", () => {
    expect(linkStatus({ connected: false, hasSnapshot: true, lastMessageAt: now, now })).toBe(
      "disconnected",
    );
  });
});

describe("bannerFor", () => {
  it("shows the link's trouble first", () => {
    const down = { ...snapshot(1), switch: { connected: false, detail: "", lastEventAt: null } };
    expect(bannerFor("disconnected", down, health(false))).toBe("disconnected");
    expect(bannerFor("stale", down, health(false))).toBe("stale");
  });

  it("then the event log, then the switch", () => {
    const down = { ...snapshot(1), switch: { connected: false, detail: "", lastEventAt: null } };
    expect(bannerFor("live", down, health(true))).toBe("switchDown");
    expect(bannerFor("live", down, health(false))).toBe("busDown");
    expect(bannerFor("live", snapshot(1), health(false))).toBe("busDown");
    // The server's own word in the snapshot, before its health says so.
    expect(bannerFor("live", { ...snapshot(1), stale: "event-log" }, health(true))).toBe("busDown");
    expect(bannerFor("live", snapshot(1), health(true))).toBeNull();
    expect(bannerFor("live", snapshot(1), null)).toBeNull();
  });

  it("says a real switch never heard from is not connected, as loudly as one that dropped", () => {
    expect(bannerFor("live", withSwitch(null), health(true))).toBe("switchDown");
    expect(bannerFor("live", withSwitch(null), null)).toBe("switchDown");
    expect(bannerFor("live", withSwitch(false), health(true))).toBe("switchDown");
    expect(bannerFor("live", withSwitch(true), health(true))).toBeNull();
    expect(figuresAreStale(bannerFor("live", withSwitch(null), health(true)))).toBe(true);
  });

  it("holds a simulated switch down only when the simulator said it stopped", () => {
    expect(bannerFor("live", withSwitch(null), health(true, true))).toBeNull();
    expect(bannerFor("live", withSwitch(false), health(true, true))).toBe("switchDown");
  });

  it("greys the figures only when they may not be the present", () => {
    expect(figuresAreStale("disconnected")).toBe(true);
    expect(figuresAreStale("stale")).toBe(true);
    expect(figuresAreStale("switchDown")).toBe(true);
    expect(figuresAreStale("busDown")).toBe(true);
    expect(figuresAreStale("connecting")).toBe(false);
    expect(figuresAreStale(null)).toBe(false);
  });
});

describe("badgeFor", () => {
  it("says live only for a live link to a connected, real switch", () => {
    expect(badgeFor("live", null, health(true))).toBe("live");
    expect(badgeFor("live", "busDown", health(false))).toBe("stale");
    expect(badgeFor("live", "switchDown", health(true))).toBe("switchDown");
  });

  it("says simulation, never live, for simulated figures", () => {
    expect(badgeFor("live", null, health(true, true))).toBe("simulation");
    expect(badgeFor("live", "switchDown", health(true, true))).toBe("switchDown");
  });

  it("shows the link's own trouble before anything the server says", () => {
    for (const status of ["connecting", "stale", "disconnected"] as const) {
      expect(badgeFor(status, "switchDown", health(true, true))).toBe(status);
    }
  });
});
