/**
 * The wall's one live-state store: a socket.io connection that holds the last-good snapshot, keeps
 * it current with the server's deltas, and says how far it can be trusted. Gap and epoch handling
 * is the pure logic of sync.ts; this class owns the socket, the clock and the reactive state.
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
import {
  bannerFor,
  linkStatus,
  STALE_AFTER_MS,
  type Banner,
  type LinkStatus,
} from "./link-status.ts";
import { initialSync, receiveDelta, receiveSnapshot, resyncFailed, type SyncStep } from "./sync.ts";

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveOptions {
  /** Opens the socket; tests pass their own. @default io({ path: WIRE_PATH }) on this origin */
  connect?: () => WallSocket;
  /** @default STALE_AFTER_MS */
  staleAfterMs?: number;
  /** How long a `snapshot:get` may take before it counts as failed. @default 5000 */
  resyncTimeoutMs?: number;
}

const TICK_MS = 1_000;
/** A failing or refusing server is asked at most this often; deltas are held meanwhile. */
const MIN_RESYNC_INTERVAL_MS = 1_000;
/** Pause before reconnecting where socket.io itself gives up (see #reconnectLater). */
const RECONNECT_AFTER_MS = 2_000;

export class LiveConnection {
  readonly #connect: () => WallSocket;
  readonly #staleAfterMs: number;
  readonly #resyncTimeoutMs: number;

  #snapshot = $state.raw<Snapshot | null>(null);
  #health = $state.raw<ServerHealth | null>(null);
  #connected = $state(false);
  /** The session ended or the screen's token was revoked: nothing is shown until signed in again. */
  #signedOut = $state(false);
  #lastMessageAt = $state<number | null>(null);
  /** Browser time, advanced by a ticker so that silence turns into `stale` without a message. */
  #now = $state(Date.now());

  #status: LinkStatus;
  #banner: Banner | null;

  #sync = initialSync;
  #socket: WallSocket | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #resyncTimer: ReturnType<typeof setTimeout> | null = null;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #connectedAt = 0;
  #lastResyncAt = 0;

  constructor(options: LiveOptions = {}) {
    this.#connect = options.connect ?? (() => io({ path: WIRE_PATH }));
    this.#staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    this.#resyncTimeoutMs = options.resyncTimeoutMs ?? 5_000;
    // Derived here rather than as field initializers: they read the options set just above.
    this.#status = $derived(
      linkStatus({
        connected: this.#connected,
        hasSnapshot: this.#snapshot !== null,
        lastMessageAt: this.#lastMessageAt,
        now: this.#now,
        staleAfterMs: this.#staleAfterMs,
      }),
    );
    this.#banner = $derived(bannerFor(this.#status, this.#snapshot, this.#health));
  }

  /** The last-good state; kept, not cleared, while the link is down. */
  get snapshot(): Snapshot | null {
    return this.#snapshot;
  }
  get health(): ServerHealth | null {
    return this.#health;
  }
  get connected(): boolean {
    return this.#connected;
  }
  get signedOut(): boolean {
    return this.#signedOut;
  }
  /** Browser time of the last snapshot or delta received. */
  get lastMessageAt(): number | null {
    return this.#lastMessageAt;
  }
  get status(): LinkStatus {
    return this.#status;
  }
  /** True when what is shown may no longer be the present: disconnected or silent too long. */
  get stale(): boolean {
    return this.#status === "stale" || this.#status === "disconnected";
  }
  get banner(): Banner | null {
    return this.#banner;
  }

  start(): void {
    if (this.#socket) return;
    const socket = this.#connect();
    this.#socket = socket;
    socket.on("connect", () => {
      this.#connected = true;
      this.#connectedAt = Date.now();
    });
    socket.on("disconnect", () => {
      this.#connected = false;
      this.#reconnectLater(socket);
    });
    socket.on("connect_error", (error) => {
      if (error.message === "unauthorized") this.#signOut();
      else this.#reconnectLater(socket);
    });
    socket.on("signed-out", () => this.#signOut());
    socket.on("snapshot", (snapshot) => {
      this.#heard();
      this.#step(receiveSnapshot(this.#sync, snapshot));
    });
    socket.on("delta", (delta) => {
      this.#heard();
      this.#step(receiveDelta(this.#sync, delta));
    });
    socket.on("health", (health) => {
      this.#health = health;
    });
    this.#ticker = setInterval(() => this.#tick(), TICK_MS);
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
    this.#connected = false;
  }

  /** Figures it may no longer see are dropped, not greyed; the socket stays closed. */
  #signOut(): void {
    this.close();
    this.#signedOut = true;
    this.#sync = initialSync;
    this.#snapshot = null;
    this.#health = null;
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

  #heard(): void {
    this.#lastMessageAt = Date.now();
    this.#now = this.#lastMessageAt;
  }

  #step(step: SyncStep): void {
    this.#sync = step.state;
    if (step.state.snapshot !== this.#snapshot) this.#snapshot = step.state.snapshot;
    if (step.resync) this.#scheduleResync();
  }

  #scheduleResync(): void {
    if (this.#resyncTimer !== null) return;
    const wait = this.#lastResyncAt + MIN_RESYNC_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      void this.#resync();
      return;
    }
    this.#resyncTimer = setTimeout(() => {
      this.#resyncTimer = null;
      void this.#resync();
    }, wait);
  }

  /**
   * A connected socket that has gone quiet (no snapshot after connecting, or no delta for the
   * stale period) asks for a snapshot itself, at most once per stale period.
   */
  #tick(): void {
    this.#now = Date.now();
    if (!this.#connected || this.#sync.resyncing) return;
    const heardAt = Math.max(this.#lastMessageAt ?? 0, this.#connectedAt);
    const quiet = this.#now - heardAt > this.#staleAfterMs;
    if (quiet && this.#now - this.#lastResyncAt > this.#staleAfterMs) {
      this.#sync = { ...this.#sync, resyncing: true };
      this.#scheduleResync();
    }
  }

  async #resync(): Promise<void> {
    const socket = this.#socket;
    this.#lastResyncAt = Date.now();
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
        this.#heard();
        this.#step(receiveSnapshot(this.#sync, response.data));
        return;
      }
      console.error(`[live] snapshot:get refused: ${response.error}`);
    } catch (error) {
      console.error("[live] snapshot:get failed", error);
    }
    if (this.#socket === socket) this.#sync = resyncFailed(this.#sync);
  }
}
