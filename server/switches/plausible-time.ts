/**
 * Bounds on the switch's time: an event dated before 2000 or more than a day ahead of the
 * adapter's own clock is a garbled or hostile line, never a real call; it is dropped at the
 * adapter with a counted reason rather than moving the day on the wall.
 */

/** 2000-01-01T00:00:00Z. */
export const EARLIEST_AT = Date.UTC(2000, 0, 1);
/** How far the switch's clock may run ahead of ours. */
export const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;
/** No queue call waits, rings or talks a whole day: a longer duration is garbled. */
export const MAX_DURATION_SEC = 24 * 60 * 60;

export function isPlausibleAt(at: number, now: number): boolean {
  return Number.isFinite(at) && at >= EARLIEST_AT && at <= now + MAX_AHEAD_MS;
}
