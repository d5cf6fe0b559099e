/**
 * A revoked screen token or a disabled account closes its open sockets within seconds, whether
 * the change is made here (the admin API) or by another process on the same database (the
 * command line, another instance): the socket is told it is signed out, then closed.
 */
import { io as connect } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../server/app.ts";
import { AccessService } from "../../../server/access/access-service.ts";
import { AccountAdmin } from "../../../server/access/account-admin.ts";
import { SYSTEM } from "../../../server/access/audit-trail.ts";
import { hashPassword } from "../../../server/access/passwords.ts";
import { WIRE_PATH } from "../../../shared/wire.ts";
import { testDatabase, type TestDatabase } from "../../support/database.ts";
import { connectClient, startTestApp, waitFor, type TestSocket } from "../../support/app.ts";
import { smallReference } from "../../support/reference.ts";

let app: RunningApp;
let test: TestDatabase;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  test = testDatabase("sqlite");
  app = await startTestApp({
    reference: smallReference(),
    database: await test.open(),
    revalidateMs: 300,
  });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await app.close();
  await test.destroy();
});

function watch(socket: TestSocket) {
  sockets.push(socket);
  const seen = { signedOut: false, disconnected: false, snapshots: 0 };
  socket.on("signed-out", () => (seen.signedOut = true));
  socket.on("disconnect", () => (seen.disconnected = true));
  socket.on("snapshot", () => (seen.snapshots += 1));
  return seen;
}

describe("revocation", () => {
  it("signs a screen out when another process revokes its token", async () => {
    const { token } = await app.admin.createToken({ name: "wall-1", role: "viewer" }, SYSTEM);
    const seen = watch(connectClient(app.url, token));
    await waitFor(() => seen.snapshots > 0);
    // As `npm run token -- revoke` does: its own connection to the same database.
    const elsewhere = new AccountAdmin(new AccessService(await test.open()));
    await elsewhere.revokeToken("wall-1", SYSTEM);
    await waitFor(() => seen.signedOut && seen.disconnected, 5_000);
    // And it cannot come back.
    const again = connectClient(app.url, token);
    sockets.push(again);
    expect(
      (await new Promise<Error>((resolve) => again.on("connect_error", resolve))).message,
    ).toBe("unauthorized");
  });

  it("signs a person out at once when an admin disables the account", async () => {
    const passwordHash = await hashPassword("correct horse battery");
    await app.access.accounts.create({ name: "ali", role: "viewer", passwordHash, at: Date.now() });
    await app.access.accounts.create({
      name: "zahra",
      role: "admin",
      passwordHash,
      at: Date.now(),
    });
    const response = await fetch(`${app.url}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ name: "ali", password: "correct horse battery" }),
    });
    const cookie = response.headers.get("set-cookie")?.split(";")[0] ?? "";
    const socket = connect(app.url, {
      path: WIRE_PATH,
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie },
    });
    const seen = watch(socket);
    await waitFor(() => seen.snapshots > 0);
    await app.admin.setDisabled("ali", true, SYSTEM);
    await waitFor(() => seen.signedOut && seen.disconnected, 5_000);
  });

  it("refuses a handshake from another site's page", async () => {
    const { token } = await app.admin.createToken({ name: "wall-2", role: "viewer" }, SYSTEM);
    const socket = connect(app.url, {
      path: WIRE_PATH,
      transports: ["websocket"],
      reconnection: false,
      auth: { token },
      extraHeaders: { origin: "https://evil.example" },
    });
    sockets.push(socket);
    expect(
      (await new Promise<Error>((resolve) => socket.on("connect_error", resolve))).message,
    ).toBe("forbidden");
  });
});
