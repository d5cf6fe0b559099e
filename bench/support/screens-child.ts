/**
 * Screens in a process of their own: N socket.io clients over websocket, each keeping its copy of
 * the live state as the wall does (client/src/lib/sync.ts, shared applyDelta) or only noting when
 * each delta arrived. Told over IPC when each traced event was made or each delta went out, it
 * answers with a histogram of how long they took to arrive.
 */
import { io, type Socket } from "socket.io-client";
import type { Snapshot } from "../../shared/snapshot.ts";
import { frameHeader } from "../../shared/views/wire-decode.ts";
import { WIRE_PATH } from "../../shared/wire.ts";
import {
  initialSync,
  receiveDelta,
  receiveSnapshot,
  type SyncState,
} from "../../client/src/lib/sync.ts";

export type ScreensCommand =
  | {
      cmd: "connect";
      url: string;
      count: number;
      mode: "sync" | "record";
      /** samad-live's screens sign in as wall screens do; the bare server asks nothing. */
      token?: string;
    }
  | { cmd: "reset" }
  | { cmd: "settle"; events?: number; seq?: number; timeoutMs: number }
  | { cmd: "report"; joins?: number[]; emits?: [number, number][] }
  | { cmd: "close" };

/**
 * Milliseconds → count, in 1 ms buckets; the last bucket holds everything beyond, and what never
 * arrived. A percentile that falls in it is "≥ the cap", not a measurement (screens.ts says so).
 */
export const HISTOGRAM_MS = 60_000;

interface Screen {
  socket: Socket;
  sync: SyncState;
  /** sync: [arrival, offered] each time offered grew. record: seq → arrival. */
  offered: [number, number][];
  arrivals: Map<number, number>;
}

const now = (): number => performance.timeOrigin + performance.now();
const send = (message: object): void => void process.send?.(message);
let screens: Screen[] = [];

/** Opens the screens; answers how many connected, and why the first that did not failed. */
async function connect(
  command: Extract<ScreensCommand, { cmd: "connect" }>,
): Promise<{ connected: number; failed: number; error: string | null }> {
  const batch = 50;
  let failed = 0;
  let error: string | null = null;
  for (let i = 0; i < command.count; i += batch) {
    const opened = Array.from({ length: Math.min(batch, command.count - i) }, () => open(command));
    for (const result of await Promise.allSettled(opened)) {
      if (result.status === "fulfilled") screens.push(result.value);
      else {
        failed += 1;
        error ??= String((result.reason as Error)?.message ?? result.reason);
      }
    }
  }
  return { connected: screens.length, failed, error };
}

function open(command: Extract<ScreensCommand, { cmd: "connect" }>): Promise<Screen> {
  const socket = io(command.url, {
    path: WIRE_PATH,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
    ...(command.token ? { auth: { token: command.token } } : {}),
  });
  const screen: Screen = { socket, sync: initialSync, offered: [], arrivals: new Map() };
  const noteOffered = (): void => {
    const offered = screen.sync.snapshot?.province.offered ?? 0;
    const last = screen.offered.at(-1)?.[1] ?? -1;
    if (offered > last) screen.offered.push([now(), offered]);
  };
  if (command.mode === "sync") {
    socket.on("snapshot", (snapshot: Snapshot) => {
      screen.sync = receiveSnapshot(screen.sync, snapshot).state;
      noteOffered();
    });
    socket.on("delta", (frame: unknown) => {
      screen.sync = receiveDelta(screen.sync, frame).state;
      noteOffered();
    });
  } else {
    socket.on("delta", (frame: unknown) => screen.arrivals.set(frameHeader(frame).seq, now()));
  }
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(screen));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/**
 * Waits until every screen shows the run's last traced event (`events` after the first value it
 * held) or holds delta `seq`, or the time is up: a screen that lags is measured, not cut off.
 */
function settle(command: Extract<ScreensCommand, { cmd: "settle" }>): Promise<number> {
  const started = Date.now();
  const behind = (): number =>
    screens.filter((screen) => {
      if (command.events !== undefined) {
        const base = screen.offered[0]?.[1] ?? 0;
        return (screen.offered.at(-1)?.[1] ?? 0) < base + command.events;
      }
      return command.seq !== undefined && !screen.arrivals.has(command.seq);
    }).length;
  return new Promise((resolve) => {
    const poll = (): void => {
      const left = behind();
      if (left === 0 || Date.now() - started > command.timeoutMs) resolve(left);
      else setTimeout(poll, 50);
    };
    poll();
  });
}

/** How long each traced event took to show on each screen, or each delta to reach it. */
function report(command: Extract<ScreensCommand, { cmd: "report" }>) {
  const histogram = new Uint32Array(HISTOGRAM_MS + 1);
  let missing = 0;
  let max = 0;
  const add = (ms: number): void => {
    const bucket = Math.min(HISTOGRAM_MS, Math.max(0, Math.floor(ms)));
    histogram[bucket] = (histogram[bucket] ?? 0) + 1;
    max = Math.max(max, ms);
  };
  for (const screen of screens) {
    if (command.joins) {
      // Event k (offered = k + 1) shows with the first arrival at which offered reached k + 1.
      let i = 0;
      const base = screen.offered[0]?.[1] ?? 0;
      command.joins.forEach((madeAt, k) => {
        while (i < screen.offered.length && screen.offered[i]![1] < base + k + 1) i += 1;
        const arrival = screen.offered[i];
        if (arrival) add(arrival[0] - madeAt);
        else missing += 1;
      });
    }
    for (const [seq, sentAt] of command.emits ?? []) {
      const arrival = screen.arrivals.get(seq);
      if (arrival === undefined) missing += 1;
      else add(arrival - sentAt);
    }
  }
  const sparse: [number, number][] = [];
  histogram.forEach((count, ms) => count && sparse.push([ms, count]));
  // A screen the server cut off (too far behind) measures nothing more: say how many were.
  const disconnected = screens.filter((screen) => !screen.socket.connected).length;
  return { histogram: sparse, missing, max, disconnected };
}

process.on("message", (command: ScreensCommand) => {
  const answer = (work: Promise<unknown> | unknown) =>
    Promise.resolve(work).then(
      (result) => send({ ok: true, result }),
      (error: unknown) => send({ ok: false, error: String(error) }),
    );
  if (command.cmd === "connect") void answer(connect(command));
  else if (command.cmd === "reset") {
    for (const screen of screens) {
      screen.arrivals.clear();
      // Keep the last value seen: the next run's events count from it.
      screen.offered = screen.offered.slice(-1);
    }
    void answer(screens.length);
  } else if (command.cmd === "settle") void answer(settle(command));
  else if (command.cmd === "report") void answer(report(command));
  else {
    for (const screen of screens) screen.socket.close();
    screens = [];
    void answer(0).then(() => process.exit(0));
  }
});
