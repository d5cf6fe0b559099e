/**
 * The wall's link to the server: a socket.io connection that holds the last-good snapshot, keeps
 * it current with the server's deltas, and asks for a fresh snapshot after a gap or a silence.
 * Gap and epoch handling is the pure logic of sync.ts; this class owns the socket, the timers and
 * the clock, which is injected so that staleness is tested without waiting for it. No runes here:
 * live.svelte.ts mirrors `view` into reactive state.
 */
import { io, type Socket } from "socket.io-client";
import type { Snapshot } from "../../../shared/snapshot.ts";
import {
  WIRE_PATH,
  type Ack,
  type ClientToServerEvents,
  type ServerHealth,
  type ServerToClientEvents,
} from "../../../shared/wire.ts";
import { linkStatus, STALE_AFTER_MS, type LinkStatus } from "./link-status.ts";
import { initialSync, receiveDelta, receiveSnapshot, resyncFailed, type SyncStep } from "./sync.ts";

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveOptions {
  /**
   * Opens the socket; tests pass their own. @default websocket only, on this origin: with no
   * long-polling, any instance behind a load balancer serves any screen, no sticky sessions.
   */
  connect?: () => WallSocket;
  /** @default STALE_AFTER_MS */
  staleAfterMs?: number;
  /** How long a `snapshot:get` may take before it counts as failed. @default 5000 */
  resyncTimeoutMs?: number;
  /** The browser's clock. @default Date.now */
  clock?: () => number;
}

/** What the link knows, as one immutable value per change. */
export interface LiveView {
  /** The last-good state; kept, not cleared, while the link is down. */
  snapshot: Snapshot | null;
  health: ServerHealth | null;
  connected: boolean;
  /** Browser time of the last snapshot or delta received. */
  lastMessageAt: number | null;
  /** Browser time, advanced by the ticker so that silence turns into `stale` without a message. */
  now: number;
  /** The session ended or the screen's token was revoked: nothing is shown until signed in again. */
  signedOut: boolean;
  /** Delta frames that could not be read (each asked for a fresh snapshot instead). */
  refusedDeltas: number;
}

const TICK_MS = 1_000;
/** A failing or refusing server is asked at most this often; deltas are held meanwhile. */
const MIN_RESYNC_INTERVAL_MS = 1_000;
/** Pause before reconnecting where socket.io itself gives up (see #reconnectLater). */
const RECONNECT_AFTER_MS = 2_000;

export class LiveLink {
  readonly #connect: () => WallSocket;
  readonly #clock: () => number;
  readonly #onChange: (view: LiveView) => void;
  readonly staleAfterMs: number;
  readonly #resyncTimeoutMs: number;

  #view: LiveView;
  #sync = initialSync;
  #socket: WallSocket | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #resyncTimer: ReturnType<typeof setTimeout> | null = null;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #connectedAt = 0;
  #lastResyncAt = 0;

  /** `onChange` receives every new view: after each message, connection change and tick. */
  constructor(options: LiveOptions = {}, onChange: (view: LiveView) => void = () => {}) {
    this.#connect = options.connect ?? (() => io({ path: WIRE_PATH, transports: ["websocket"] }));
    this.#clock = options.clock ?? Date.now;
    this.#onChange = onChange;
    this.staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    this.#resyncTimeoutMs = options.resyncTimeoutMs ?? 5_000;
    const now = this.#clock();
    this.#view = {
      snapshot: null,
      health: null,
      connected: false,
      lastMessageAt: null,
      now,
      signedOut: false,
      refusedDeltas: 0,
    };
  }

  get view(): LiveView {
    return this.#view;
  }

  get status(): LinkStatus {
    const view = this.#view;
    return linkStatus({
      ...view,
      hasSnapshot: view.snapshot !== null,
      staleAfterMs: this.staleAfterMs,
    });
  }

  start(): void {
    if (this.#socket) return;
    const socket = this.#connect();
    this.#socket = socket;
    socket.on("connect", () => {
      this.#connectedAt = this.#clock();
      this.#update({ connected: true });
    });
    socket.on("disconnect", () => {
      this.#update({ connected: false });
      this.#reconnectLater(socket);
    });
    socket.on("connect_error", (error) => {
      if (error.message === "unauthorized") this.#signOut();
      else this.#reconnectLater(socket);
    });
    socket.on("signed-out", () => this.#signOut());
    socket.on("snapshot", (snapshot) => this.#step(receiveSnapshot(this.#sync, snapshot), true));
    socket.on("delta", (delta) => this.#step(receiveDelta(this.#sync, delta), true));
    socket.on("health", (health) => this.#update({ health }));
    this.#ticker = setInterval(() => this.tick(), TICK_MS);
  }

  /** Idempotent; the last-good state stays readable. */
  close(): void {
    if (this.#ticker !== null) clearInterval(this.#ticker);
    if (this.#resyncTimer !== null) clearTimeout(this.#resyncTimer);
    if (this.#reconnectTimer !== null) clearTimeout(this.#reconnectTimer);
    this.#ticker = null;
    this.#resyncTimer = null;
    this.#reconnectTimer = null;
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    socket.removeAllListeners();
    socket.disconnect();
    this.#update({ connected: false });
  }

  /**
   * Lets time pass: a connected socket that has gone quiet (no snapshot after connecting, or no
   * delta for the stale period) asks for a snapshot itself, at most once per stale period.
   * Called by the ticker every second; tests call it after moving their clock.
   */
  tick(): void {
    const now = this.#clock();
    this.#update({ now });
    if (!this.#view.connected || this.#sync.resyncing) return;
    const heardAt = Math.max(this.#view.lastMessageAt ?? 0, this.#connectedAt);
    const quiet = now - heardAt > this.staleAfterMs;
    if (quiet && now - this.#lastResyncAt > this.staleAfterMs) {
      this.#sync = { ...this.#sync, resyncing: true };
      this.#scheduleResync();
    }
  }

  /** Figures it may no longer see are dropped, not greyed; the socket stays closed. */
  #signOut(): void {
    this.close();
    this.#sync = initialSync;
    this.#update({ snapshot: null, health: null, signedOut: true });
  }

  #update(change: Partial<LiveView>): void {
    this.#view = { ...this.#view, ...change };
    this.#onChange(this.#view);
  }

  /**
   * socket.io retries on its own after a network failure, but not after the server closed the
   * socket (a restart or a deploy) or refused the handshake: a wall nobody touches must.
   */
  #reconnectLater(socket: WallSocket): void {
    if (socket.active || this.#reconnectTimer !== null) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      if (this.#socket === socket && !socket.connected) socket.connect();
    }, RECONNECT_AFTER_MS);
  }

  /** Applies a sync step; `heard`: it came from a message of the server. */
  #step(step: SyncStep, heard: boolean): void {
    this.#sync = step.state;
    const change: Partial<LiveView> = { snapshot: step.state.snapshot };
    if (step.refused !== undefined) {
      console.error(`[live] delta refused: ${step.refused}`);
      change.refusedDeltas = this.#view.refusedDeltas + 1;
    }
    if (heard) {
      const now = this.#clock();
      change.lastMessageAt = now;
      change.now = now;
    }
    this.#update(change);
    if (step.resync) this.#scheduleResync();
  }

  #scheduleResync(): void {
    if (this.#resyncTimer !== null) return;
    const wait = this.#lastResyncAt + MIN_RESYNC_INTERVAL_MS - this.#clock();
    if (wait <= 0) {
      void this.#resync();
      return;
    }
    this.#resyncTimer = setTimeout(() => {
      this.#resyncTimer = null;
      void this.#resync();
    }, wait);
  }

  async #resync(): Promise<void> {
    const socket = this.#socket;
    this.#lastResyncAt = this.#clock();
    if (!socket?.connected) {
      // The snapshot pushed on reconnect will resync instead.
      this.#sync = resyncFailed(this.#sync);
      return;
    }
    try {
      // emitWithAck after timeout() loses the answer's type in socket.io-client's typings.
      const response: Ack<Snapshot> = await socket
        .timeout(this.#resyncTimeoutMs)
        .emitWithAck("snapshot:get");
      if (this.#socket !== socket) return;
      if (response.ok) {
        this.#step(receiveSnapshot(this.#sync, response.data), true);
        return;
      }
      console.error(`[live] snapshot:get refused: ${response.error}`);
    } catch (error) {
      // A link closed meanwhile cancels its own request: nothing went wrong.
      if (this.#socket !== socket) return;
      console.error("[live] snapshot:get failed", error);
    }
    if (this.#socket === socket) this.#sync = resyncFailed(this.#sync);
  }
}
