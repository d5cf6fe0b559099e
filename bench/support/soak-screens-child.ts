/**
 * The soak's screens, in a process of their own: socket.io clients spread over the instances,
 * each merging snapshots and deltas as the wall does (client/src/lib/sync.ts) and judging, as the
 * wall does, whether what it shows is live. A screen whose instance goes away moves to the next
 * one after a moment, as a load balancer would send it.
 */
import { io, type Socket } from "socket.io-client";
import {
  initialSync,
  receiveDelta,
  receiveSnapshot,
  type SyncState,
} from "../../client/src/lib/sync.ts";
import { STALE_AFTER_MS } from "../../client/src/lib/link-status.ts";
import type { Snapshot } from "../../shared/snapshot.ts";
import { WIRE_PATH, type Ack } from "../../shared/wire.ts";

export type SoakScreensCommand =
  | { cmd: "connect"; urls: string[]; count: number; token: string }
  | { cmd: "state" }
  | { cmd: "final" }
  | { cmd: "close" };

/** What one screen shows now, and whether it says it is live. */
export interface ScreenState {
  /** The switch time of the view shown (ms); null before any snapshot. */
  viewAt: number | null;
  /** Says live: connected, heard within the stale period, and the server's view not stale. */
  saysLive: boolean;
  offered: number;
}

export interface ScreenFinal {
  province: { offered: number; answered: number; abandoned: number };
  lines: Record<string, { offered: number; answered: number; abandoned: number }>;
}

interface Screen {
  socket: Socket;
  sync: SyncState;
  lastMessageAt: number;
  urlIndex: number;
}

const send = (message: object): void => void process.send?.(message);
let screens: Screen[] = [];
let urls: string[] = [];
let token = "";

function open(index: number): Screen {
  const screen: Screen = {
    socket: connectTo(index),
    sync: initialSync,
    lastMessageAt: 0,
    urlIndex: index % urls.length,
  };
  wire(screen);
  return screen;
}

function connectTo(index: number): Socket {
  return io(urls[index % urls.length], {
    path: WIRE_PATH,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
}

function wire(screen: Screen): void {
  const socket = screen.socket;
  socket.on("snapshot", (snapshot: Snapshot) => {
    screen.lastMessageAt = Date.now();
    screen.sync = receiveSnapshot(screen.sync, snapshot).state;
  });
  socket.on("delta", (frame: unknown) => {
    screen.lastMessageAt = Date.now();
    const step = receiveDelta(screen.sync, frame);
    screen.sync = step.state;
    if (step.resync) {
      void socket
        .timeout(5_000)
        .emitWithAck("snapshot:get")
        .then((answer: Ack<Snapshot>) => {
          if (answer.ok) screen.sync = receiveSnapshot(screen.sync, answer.data).state;
        })
        .catch(() => undefined);
    }
  });
  const move = (): void => {
    socket.removeAllListeners();
    socket.close();
    // The next instance, after a moment, as a load balancer would send a screen that lost its own.
    setTimeout(() => {
      screen.urlIndex = (screen.urlIndex + 1) % urls.length;
      screen.socket = connectTo(screen.urlIndex);
      wire(screen);
    }, 500);
  };
  socket.on("disconnect", move);
  socket.on("connect_error", move);
}

function state(): ScreenState[] {
  const now = Date.now();
  return screens.map((screen) => {
    const snapshot = screen.sync.snapshot;
    const saysLive =
      screen.socket.connected &&
      snapshot !== null &&
      snapshot.stale === null &&
      now - screen.lastMessageAt <= STALE_AFTER_MS;
    return {
      viewAt: snapshot ? Date.parse(snapshot.at) : null,
      saysLive,
      offered: snapshot?.province.offered ?? 0,
    };
  });
}

function final(): ScreenFinal[] {
  return screens.map((screen) => {
    const snapshot = screen.sync.snapshot;
    const pick = (f: { offered: number; answered: number; abandoned: number }) => ({
      offered: f.offered,
      answered: f.answered,
      abandoned: f.abandoned,
    });
    return {
      province: snapshot ? pick(snapshot.province) : { offered: 0, answered: 0, abandoned: 0 },
      lines: Object.fromEntries((snapshot?.lines ?? []).map((line) => [line.id, pick(line)])),
    };
  });
}

process.on("message", (command: SoakScreensCommand) => {
  const answer = (result: unknown) => send({ ok: true, result });
  if (command.cmd === "connect") {
    urls = command.urls;
    token = command.token;
    screens = Array.from({ length: command.count }, (_, i) => open(i));
    answer(screens.length);
  } else if (command.cmd === "state") answer(state());
  else if (command.cmd === "final") answer(final());
  else {
    for (const screen of screens) {
      screen.socket.removeAllListeners();
      screen.socket.close();
    }
    screens = [];
    answer(0);
    process.exit(0);
  }
});
