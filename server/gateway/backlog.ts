/**
 * What the server holds for one socket and has not yet handed to the network, and what to do
 * about it. A screen that cannot keep up must cost the server a bounded amount of memory: past
 * the soft limit it is sent no more deltas (one fresh snapshot when it has caught up instead of a
 * backlog), past the hard limit it is disconnected. Requests are rationed per socket.
 */
import type { Socket } from "socket.io";

export interface BacklogLimits {
  /** Bytes queued above which deltas and health are skipped. @default 256 KiB */
  softBytes: number;
  /** Packets queued above which deltas and health are skipped. @default 8 */
  softPackets: number;
  /** Bytes queued above which the socket is disconnected. @default 2 MiB */
  hardBytes: number;
  /** Packets queued above which the socket is disconnected. @default 256 */
  hardPackets: number;
}

export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = {
  softBytes: 256 * 1024,
  softPackets: 8,
  hardBytes: 2 * 1024 * 1024,
  hardPackets: 256,
};

export interface Backlog {
  packets: number;
  bytes: number;
}

/** The parts of engine.io's socket that hold what is queued; private in its typings. */
interface EngineInternals {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: number } };
}

/**
 * Packets engine.io holds for the socket (waiting for the transport: a websocket still writing,
 * or a long-poll not yet asked for) and bytes the websocket has queued but not yet written.
 */
export function backlogOf(socket: Socket): Backlog {
  const conn = socket.conn as unknown as EngineInternals;
  const buffer = conn.writeBuffer ?? [];
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of buffer) {
    const data = packet.data;
    if (typeof data === "string") bytes += data.length;
    else if (data instanceof Uint8Array) bytes += data.byteLength;
  }
  return { packets: buffer.length, bytes };
}

export type BacklogLevel = "ok" | "behind" | "over";

export function backlogLevel(backlog: Backlog, limits: BacklogLimits): BacklogLevel {
  if (backlog.bytes > limits.hardBytes || backlog.packets > limits.hardPackets) return "over";
  if (backlog.bytes > limits.softBytes || backlog.packets > limits.softPackets) return "behind";
  return "ok";
}

/** A token bucket: `burst` requests at once, then `perSecond` on average. */
export class TokenBucket {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #clock: () => number;
  #tokens: number;
  #at: number;

  constructor(burst: number, perSecond: number, clock: () => number = Date.now) {
    this.#burst = burst;
    this.#perMs = perSecond / 1000;
    this.#clock = clock;
    this.#tokens = burst;
    this.#at = clock();
  }

  take(): boolean {
    const now = this.#clock();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
