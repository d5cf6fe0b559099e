/**
 * The socket.io wire contract, written once and used by both `Server<…>` and the client's
 * `Socket<…>`. Every request from a client answers through one acknowledgement envelope.
 */
import type { ControlResult } from "./control.ts";
import type { Snapshot } from "./snapshot.ts";
import type { DeltaFrame } from "./views/wire-codec.ts";

export type Ack<T> = { ok: true; data: T } | { ok: false; error: string };

/** What feeds this server's bus: its own adapter, or another process (`none`). */
export type SwitchKind = "simulator" | "ami" | "queuelog" | "none";

/** How the server's own parts are doing, for the wall's health strip. */
export interface ServerHealth {
  /** Where the event log is: Redis Streams, the database of record (the default), or memory. */
  bus: "memory" | "redis" | "sql";
  busConnected: boolean;
  /** Events dropped because they failed validation, since the server started. */
  rejectedEvents: number;
  startedAt: string;
  /** The SWITCH this server runs. */
  switchKind: SwitchKind;
  /** Set when the figures come from the simulator: simulated seconds per real second. */
  simulation: { speed: number } | null;
}

export interface ServerToClientEvents {
  /** The full state: sent on every (re)connect and whenever a client asks for it. */
  snapshot: (snapshot: Snapshot) => void;
  /**
   * What changed since the snapshot or delta with `seq - 1`, as a compact frame that
   * `decodeDelta` (shared/views/wire-codec.ts) turns into a `Delta` against that snapshot.
   */
  delta: (frame: DeltaFrame) => void;
  health: (health: ServerHealth) => void;
  /**
   * The socket's session ended or its screen token was revoked: the server closes the socket
   * next. The client shows that it is signed out, and no longer the figures it holds.
   */
  "signed-out": () => void;
  /** A shift lead's command has ended (done, refused, no answer…): to every shift lead's screen. */
  "control:result": (result: ControlResult) => void;
}

export interface ClientToServerEvents {
  /** Asks for a fresh snapshot, e.g. after a gap in the sequence numbers. */
  "snapshot:get": (ack: (response: Ack<Snapshot>) => void) => void;
}

/** What a socket carries after the handshake. */
export interface SocketData {
  role: Role;
}

/**
 * What a signed-in account or screen token may do; the permissions of each role are the table in
 * server/gateway/access.ts.
 */
export type Role = "viewer" | "inspector" | "shift-lead" | "admin";

export const WIRE_PATH = "/socket.io";
