/** Starts a real samad-live server on a free port for a test, with the parts the test chooses. */
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { startApp, type RunningApp } from "../../server/app.ts";
import type { EventLog } from "../../server/events/event-log.ts";
import { MemoryLog } from "../../server/events/memory-log.ts";
import type { CheckpointStore } from "../../server/live/checkpoint-store.ts";
import type { HistoryStore } from "../../server/history/history-store.ts";
import { silentLogger } from "../../server/log.ts";
import type { SwitchAdapter } from "../../server/switches/switch-adapter.ts";
import type { Reference, Thresholds } from "../../shared/reference.ts";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/wire.ts";
import { WIRE_PATH } from "../../shared/wire.ts";

export const CLIENT_DIR = path.resolve(import.meta.dirname, "..", "..", "client", "dist");

export function startTestApp(options: {
  reference: Reference;
  /** @default a fresh MemoryLog */
  eventLog?: EventLog;
  checkpoints?: CheckpointStore;
  switchAdapter?: SwitchAdapter | null;
  flushIntervalMs?: number;
  clientDir?: string;
  port?: number;
  history?: HistoryStore;
  thresholds?: Thresholds;
}): Promise<RunningApp> {
  return startApp(
    {
      reference: options.reference,
      eventLog: options.eventLog ?? new MemoryLog(),
      checkpoints: options.checkpoints ?? null,
      switchAdapter: options.switchAdapter ?? null,
      log: silentLogger(),
      clientDir: options.clientDir ?? "/nonexistent",
      flushIntervalMs: options.flushIntervalMs ?? 50,
      history: options.history ?? null,
      thresholds: options.thresholds,
    },
    { port: options.port ?? 0, host: "127.0.0.1" },
  );
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectClient(url: string): TestSocket {
  return connect(url, { path: WIRE_PATH, transports: ["websocket"], reconnection: false });
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
