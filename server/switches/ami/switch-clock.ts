/**
 * The switch's clock as its own `Timestamp:` headers tell it, for what the adapter must date
 * itself (a QueueStatus resync, an event without a Timestamp) and for the rate its heartbeats
 * state. A switch whose clock is minutes off ours still gets events in one consistent time, and
 * one whose clock runs fast (a simulated Asterisk at sixty times) is followed at its pace instead
 * of its resync landing hours behind its own events.
 */

/** Wall time over which the rate is measured: long enough that bursts do not skew it. */
const RATE_WINDOW_MS = 2_000;
/** A measured rate this close to 1 is 1: a real switch's clock runs at ours. */
const SAME_PACE = 0.05;
/** Bounds of the rate a heartbeat may state (the event contract: positive, at most 10 000). */
const MIN_RATE = 1e-6;
const MAX_RATE = 10_000;

export class SwitchClock {
  #anchor: { switchAt: number; wallAt: number } | null = null;
  #window: { switchAt: number; wallAt: number } | null = null;
  /** Switch milliseconds per wall millisecond; 1 until measured. */
  rate = 1;
  /** False until the pace has been measured once (since the start, or a clock that went back). */
  measured = false;

  constructor(private readonly wall: () => number) {}

  /**
   * The switch said it was `switchAt` (ms) just now. True when that measured the pace for the
   * first time or changed it by more than a tenth: the moment to tell the log the rate rather than
   * wait for the next Ping.
   */
  observe(switchAt: number): boolean {
    const wallAt = this.wall();
    if (this.#anchor && switchAt < this.#anchor.switchAt - 60_000) {
      // The switch's clock went back (a restart, a correction): measure afresh.
      this.#window = null;
      this.rate = 1;
      this.measured = false;
    } else if (this.#anchor && switchAt < this.#anchor.switchAt) return false;
    this.#anchor = { switchAt, wallAt };
    if (!this.#window) this.#window = { switchAt, wallAt };
    const spanMs = wallAt - this.#window.wallAt;
    if (spanMs < RATE_WINDOW_MS) return false;
    const measured = (switchAt - this.#window.switchAt) / spanMs;
    const before = this.rate;
    this.rate =
      Math.abs(measured - 1) < SAME_PACE ? 1 : Math.min(MAX_RATE, Math.max(MIN_RATE, measured));
    this.#window = { switchAt, wallAt };
    const first = !this.measured;
    this.measured = true;
    return first || Math.abs(this.rate / before - 1) > 0.1;
  }

  /** The switch's time now, as far as it has told; our own clock before it told anything. */
  now(): number {
    const wallAt = this.wall();
    if (!this.#anchor) return wallAt;
    return Math.round(
      this.#anchor.switchAt + Math.max(0, wallAt - this.#anchor.wallAt) * this.rate,
    );
  }
}
