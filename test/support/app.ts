/** Starts a real samad-live server on a free port for a test, with the parts the test chooses. */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { startApp, type AppParts, type RunningApp } from "../../server/app.ts";
import { SYSTEM } from "../../server/access/audit-trail.ts";
import { MemoryLog } from "../../server/events/memory-log.ts";
import type { HistoryStore } from "../../server/history/history-store.ts";
import { silentLogger } from "../../server/log.ts";
import { openDatabase, type Database } from "../../server/platform/db.ts";
import type { Reference } from "../../shared/reference.ts";
import type { ClientToServerEvents, Role, ServerToClientEvents } from "../../shared/wire.ts";
import { WIRE_PATH } from "../../shared/wire.ts";

export const CLIENT_DIR = path.resolve(import.meta.dirname, "..", "..", "client", "dist");

export function startTestApp(
  options: {
    reference: Reference;
    flushIntervalMs?: number;
    clientDir?: string;
    port?: number;
    history?: HistoryStore;
    /** The database of record; closed with the app. @default a fresh SQLite file, deleted after */
    database?: Database;
  } & Partial<Omit<AppParts, "reference" | "database">>,
): Promise<RunningApp> {
  const { reference, switchAdapter, flushIntervalMs, clientDir, port, history, database, ...rest } =
    options;
  return withDatabase(database, (db) =>
    startApp(
      {
        ...rest,
        reference,
        eventLog: rest.eventLog ?? new MemoryLog(),
        switchAdapter: switchAdapter ?? null,
        log: rest.log ?? silentLogger(),
        clientDir: clientDir ?? "/nonexistent",
        flushIntervalMs: flushIntervalMs ?? 50,
        history: history ?? null,
        database: db,
      },
      { port: port ?? 0, host: "127.0.0.1" },
    ),
  );
}

/** Runs `start` with the given database, or a fresh SQLite one removed when the app closes. */
async function withDatabase(
  given: Database | undefined,
  start: (database: Database) => Promise<RunningApp>,
): Promise<RunningApp> {
  if (given) return start(given);
  const stateDir = mkdtempSync(path.join(tmpdir(), "samad-app-"));
  const database = await openDatabase({ url: null, stateDir });
  const app = await start(database).catch(async (error: unknown) => {
    await database.close();
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  });
  const close = app.close;
  let closing: Promise<void> | null = null;
  return {
    ...app,
    close: () =>
      (closing ??= close().finally(() => rmSync(stateDir, { recursive: true, force: true }))),
  };
}

/** A new screen token of this role (as an admin would create it); the token itself. */
export async function screenToken(app: RunningApp, role: Role = "viewer"): Promise<string> {
  const name = `test-${role}-${randomUUID().slice(0, 8)}`;
  return (await app.admin.createToken({ name, role }, SYSTEM)).token;
}

/** Headers of a REST call made with a screen token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client; with a token, authenticated as that screen. */
export function connectClient(url: string, token?: string): TestSocket {
  return connect(url, {
    path: WIRE_PATH,
    transports: ["websocket"],
    reconnection: false,
    ...(token ? { auth: { token } } : {}),
  });
}

/** Resolves with the first value for which `pick` returns something, or rejects after a while. */
export function waitFor<T>(pick: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const value = pick();
      if (value) {
        clearInterval(timer);
        resolve(value);
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error("timed out waiting"));
      }
    }, 10);
  });
}
