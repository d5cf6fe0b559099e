import { describe, expect, it } from "vitest";
import {
  bannerFor,
  figuresAreStale,
  linkStatus,
  STALE_AFTER_MS,
} from "../../client/src/lib/link-status.ts";
import type { ServerHealth } from "../../shared/wire.ts";
import { snapshot } from "./fixtures.ts";

const now = 1_000_000;
const health = (busConnected: boolean): ServerHealth => ({
  bus: "redis",
  busConnected,
  rejectedEvents: 0,
  startedAt: "2025-11-29T06:00:00.000Z",
  switchKind: "ami",
  simulation: null,
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

  it("then the switch, then the bus", () => {
    const down = { ...snapshot(1), switch: { connected: false, detail: "", lastEventAt: null } };
    expect(bannerFor("live", down, health(false))).toBe("switchDown");
    expect(bannerFor("live", snapshot(1), health(false))).toBe("busDown");
    expect(bannerFor("live", snapshot(1), health(true))).toBeNull();
    expect(bannerFor("live", snapshot(1), null)).toBeNull();
  });

  it("greys the figures only when they may not be the present", () => {
    expect(figuresAreStale("disconnected")).toBe(true);
    expect(figuresAreStale("stale")).toBe(true);
    expect(figuresAreStale("switchDown")).toBe(true);
    expect(figuresAreStale("busDown")).toBe(false);
    expect(figuresAreStale(null)).toBe(false);
  });
});
