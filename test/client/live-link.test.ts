/**
 * The wall's link against a real server on a free port, with the browser's clock in the test's
 * hands: silence turns into "stale" and a request for a fresh snapshot when the clock says so,
 * with no sleeping.
 */
import { io } from "socket.io-client";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningApp } from "../../server/app.ts";
import type { Reference } from "../../shared/reference.ts";
import { WIRE_PATH } from "../../shared/wire.ts";
import { LiveLink, type WallSocket } from "../../client/src/lib/live-link.ts";
import { STALE_AFTER_MS } from "../../client/src/lib/link-status.ts";
import { startTestApp, waitFor, screenToken } from "../support/app.ts";
import { smallReference } from "../support/reference.ts";

let reference: Reference;
const open: { app: RunningApp; link: LiveLink }[] = [];

beforeAll(() => {
  reference = smallReference();
});

afterEach(async () => {
  for (const { app, link } of open.splice(0)) {
    link.close();
    await app.close();
  }
});

/** A server, a link to it on a fake clock, and the requests the server received. */
async function linked() {
  const app = await startTestApp({ reference });
  const token = await screenToken(app, "viewer");
  const asked: string[] = [];
  app.io.on("connection", (socket) => socket.onAny((event: string) => asked.push(event)));
  let now = 1_000_000;
  const link = new LiveLink({
    clock: () => now,
    connect: () =>
      io(app.url, {
        path: WIRE_PATH,
        transports: ["websocket"],
        reconnection: false,
        auth: { token },
      }) as WallSocket,
  });
  open.push({ app, link });
  link.start();
  await waitFor(() => link.status === "live", 10_000);
  return {
    app,
    link,
    asked,
    advance(ms: number) {
      now += ms;
      link.tick();
    },
    get now() {
      return now;
    },
  };
}

describe("the wall's link to the server", () => {
  it("is live on a snapshot, stale after a silence on its clock, and live again once it asked", async () => {
    const t = await linked();
    // The server stops publishing: no more deltas, but it still answers a request.
    await t.app.live.stop();
    t.advance(STALE_AFTER_MS);
    expect(t.link.status).toBe("live");
    t.advance(1);
    expect(t.link.status).toBe("stale");
    await waitFor(() => t.asked.includes("snapshot:get"), 10_000);
    await waitFor(() => t.link.status === "live", 10_000);
    expect(t.link.view.lastMessageAt).toBe(t.now);
  });

  it("asks for a snapshot at most once per stale period while the server stays quiet", async () => {
    const t = await linked();
    await t.app.live.stop();
    t.advance(STALE_AFTER_MS + 1);
    await waitFor(() => t.link.view.lastMessageAt === t.now, 10_000);
    const asks = () => t.asked.filter((e) => e === "snapshot:get").length;
    expect(asks()).toBe(1);
    for (let i = 0; i < 4; i += 1) t.advance(1_000);
    expect(asks()).toBe(1);
    t.advance(1_000);
    await waitFor(() => asks() === 2, 10_000);
  });

  it("refuses a delta frame it cannot read, counts it and asks for a fresh snapshot", async () => {
    const t = await linked();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const seq = t.link.view.snapshot?.seq ?? 0;
      // A frame of a wire version this page does not read, then one naming a line it lacks.
      t.app.io.emit("delta", [99, seq + 1, "x", 0, {}]);
      await waitFor(() => t.link.view.refusedDeltas === 1, 10_000);
      await waitFor(() => t.asked.includes("snapshot:get"), 10_000);
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/wire version 99.*reload/));
      await waitFor(() => t.link.status === "live", 10_000);
      const now = t.link.view.snapshot!;
      t.advance(1_000);
      t.app.io.emit("delta", [1, now.seq + 1, now.epoch, 0, { l: [[999, 1, 1]] }]);
      await waitFor(() => t.link.view.refusedDeltas === 2, 10_000);
      expect(t.link.view.snapshot?.lines).toEqual(now.lines);
      expect(t.link.status).toBe("live");
    } finally {
      logged.mockRestore();
    }
  });

  it("is disconnected when the server goes, whatever the clock, and keeps the last-good state", async () => {
    const t = await linked();
    const lastGood = t.link.view.snapshot;
    await t.app.close();
    await waitFor(() => t.link.status === "disconnected", 10_000);
    expect(t.link.view.snapshot).toBe(lastGood);
    t.advance(60_000);
    expect(t.link.status).toBe("disconnected");
  });
});
