/**
 * The wall's one live-state store: the link to the server (live-link.ts) as reactive state, and
 * how far what it holds can be trusted. Each field is its own state, so a delta re-renders what
 * reads the snapshot and a tick only what reads the time.
 */
import type { Snapshot } from "../../../shared/snapshot.ts";
import type { ServerHealth } from "../../../shared/wire.ts";
import {
  badgeFor,
  bannerFor,
  linkStatus,
  type Badge,
  type Banner,
  type LinkStatus,
} from "./link-status.ts";
import { LiveLink, type LiveOptions, type LiveView } from "./live-link.ts";

export class LiveConnection {
  readonly #link: LiveLink;

  #snapshot = $state.raw<Snapshot | null>(null);
  #health = $state.raw<ServerHealth | null>(null);
  #connected = $state(false);
  #lastMessageAt = $state<number | null>(null);
  #now = $state(0);

  #status: LinkStatus;
  #banner: Banner | null;
  #badge: Badge;

  constructor(options: LiveOptions = {}) {
    this.#link = new LiveLink(options, (view) => this.#mirror(view));
    this.#mirror(this.#link.view);
    const staleAfterMs = this.#link.staleAfterMs;
    // Derived here rather than as field initializers: they read the link set just above.
    this.#status = $derived(
      linkStatus({
        connected: this.#connected,
        hasSnapshot: this.#snapshot !== null,
        lastMessageAt: this.#lastMessageAt,
        now: this.#now,
        staleAfterMs,
      }),
    );
    this.#banner = $derived(bannerFor(this.#status, this.#snapshot, this.#health));
    this.#badge = $derived(badgeFor(this.#status, this.#banner, this.#health));
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
  get badge(): Badge {
    return this.#badge;
  }

  start(): void {
    this.#link.start();
  }

  /** Idempotent; the last-good state stays readable. */
  close(): void {
    this.#link.close();
  }

  #mirror(view: LiveView): void {
    this.#snapshot = view.snapshot;
    this.#health = view.health;
    this.#connected = view.connected;
    this.#lastMessageAt = view.lastMessageAt;
    this.#now = view.now;
  }
}
