/**
 * Members the reference data does not know arrive under their switch names, which can be people's
 * names: only roles that manage the mapping see those names; everyone else sees the interface, or
 * a stable label, on the socket and over REST alike.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../../server/app.ts";
import { MemoryLog } from "../../../../server/events/memory-log.ts";
import { UnmappedMembers } from "../../../../server/features/wall/unmapped-members.ts";
import type { Snapshot } from "../../../../shared/snapshot.ts";
import {
  bearer,
  connectClient,
  screenToken,
  startTestApp,
  waitFor,
  type TestSocket,
} from "../../../support/app.ts";
import { event, appendEvents } from "../../../support/events.ts";
import { smallReference } from "../../../support/reference.ts";
import { follow } from "../../../support/wire.ts";

let app: RunningApp;
let bus: MemoryLog;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  bus = new MemoryLog();
  app = await startTestApp({ reference: smallReference(), eventLog: bus });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await app.close();
});

const members = (snapshot: Snapshot) =>
  snapshot.officials.filter((o) => !o.known).map((o) => [o.id, o.name]);

async function logIn(): Promise<void> {
  await appendEvents(bus, [
    event({
      type: "official.logged-in",
      line: "kalat",
      official: "reza ahmadi",
      name: "Reza Ahmadi",
      at: Date.now(),
    }),
    event({ type: "official.logged-in", line: "kalat", official: "PJSIP/2002", at: Date.now() }),
  ]);
  await waitFor(() => app.live.snapshot().officials.filter((o) => !o.known).length === 2);
}

describe("unmapped members", () => {
  it("show their switch names to admins only, over REST", async () => {
    await logIn();
    const as = async (role: "viewer" | "shift-lead" | "admin") =>
      (await (
        await fetch(`${app.url}/api/v1/snapshot`, { headers: bearer(await screenToken(app, role)) })
      ).json()) as Snapshot;
    const label = new UnmappedMembers().label("x");
    expect(label).toMatch(/^member-[0-9a-f]{8}$/);
    for (const role of ["viewer", "shift-lead"] as const) {
      const seen = members(await as(role));
      expect(seen).toContainEqual(["PJSIP/2002", "PJSIP/2002"]);
      expect(JSON.stringify(seen)).not.toMatch(/reza/i);
      expect(seen.find(([id]) => id?.startsWith("member-"))?.[1]).toMatch(/^member-[0-9a-f]{8}$/);
    }
    expect(members(await as("admin"))).toContainEqual(["reza ahmadi", "Reza Ahmadi"]);
  });

  it("show their switch names to admins only, on the socket, in snapshots and deltas", async () => {
    const viewer = connectClient(app.url, await screenToken(app, "viewer"));
    const admin = connectClient(app.url, await screenToken(app, "admin"));
    sockets.push(viewer, admin);
    const followed = { viewer: follow(viewer), admin: follow(admin) };
    const officials = (who: "viewer" | "admin") =>
      followed[who].deltas.map((d) => JSON.stringify(d.officials));
    const heard = {
      get viewer() {
        return officials("viewer");
      },
      get admin() {
        return officials("admin");
      },
    };
    await waitFor(() => viewer.connected && admin.connected);
    await logIn();
    await waitFor(() => heard.admin.some((text) => text.includes("Reza Ahmadi")));
    await waitFor(() => heard.viewer.some((text) => text.includes("PJSIP/2002")));
    expect(heard.viewer.join("")).not.toMatch(/reza/i);
    const snapshot = await viewer.timeout(5000).emitWithAck("snapshot:get");
    expect(snapshot.ok && JSON.stringify(snapshot.data)).not.toMatch(/reza/i);
    // The label is the same in snapshot and deltas, so the client's merge keeps one entry.
    const labelInSnapshot = snapshot.ok
      ? members(snapshot.data).find(([id]) => id?.startsWith("member-"))?.[0]
      : null;
    expect(heard.viewer.join("")).toContain(String(labelInSnapshot));
  });
});
