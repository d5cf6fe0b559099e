/**
 * Who is a member of which line, as queue_log tells it. Membership changes only through the
 * switch's membership lines (ADDMEMBER, REMOVEMEMBER, PAUSE, UNPAUSE) and, for a static member
 * queue_log never adds, its first call. A call connected to a member the switch had just removed
 * (it was ringing at the removal) does not bring it back. A QUEUESTART (the switch restarted)
 * forgets everything: what the restart undid is never written to queue_log.
 */
import { BoundedSet, Memberships, seatOf } from "../membership.ts";

export type PauseChange = "joined" | "paused" | "resumed" | "same";

export class QueueLogMembers {
  readonly #members = new Memberships();
  readonly #removed = new BoundedSet(10_000);
  /** Members held before the last restart: the switch may still say it removed them. */
  readonly #beforeRestart = new BoundedSet(10_000);

  /** ADDMEMBER; true when this is news. */
  add(line: string, official: string, paused: boolean): boolean {
    this.#forgetPast(line, official);
    if (this.#members.get(line, official)) return false;
    this.#members.set(line, official, { paused, reason: "" });
    return true;
  }

  /** REMOVEMEMBER; true when the member was known (now or before the restart). */
  remove(line: string, official: string): boolean {
    const seat = seatOf(line, official);
    this.#removed.add(seat);
    const held = this.#beforeRestart.has(seat);
    this.#beforeRestart.delete(seat);
    return this.#members.remove(line, official) || held;
  }

  /** PAUSE or UNPAUSE: what changed. */
  pause(line: string, official: string, paused: boolean, reason: string): PauseChange {
    this.#forgetPast(line, official);
    const known = this.#members.get(line, official);
    this.#members.set(line, official, { paused, reason });
    if (!known) return "joined";
    if (known.paused === paused && known.reason === reason) return "same";
    return paused ? "paused" : "resumed";
  }

  /** A call connected to the member: true when it makes a static member known. */
  connected(line: string, official: string): boolean {
    const seat = seatOf(line, official);
    if (this.#members.get(line, official) || this.#removed.has(seat)) return false;
    this.#beforeRestart.delete(seat);
    this.#members.set(line, official, { paused: false, reason: "" });
    return true;
  }

  /** Whether Asterisk counts a completion of this member (shared_lastcall or not). */
  counts(line: string, official: string, sharedLastcall: boolean): boolean {
    return sharedLastcall
      ? this.#members.anywhere(official)
      : this.#members.get(line, official) !== undefined;
  }

  restart(): void {
    for (const [line, official] of this.#members.entries())
      this.#beforeRestart.add(seatOf(line, official));
    this.#members.clear();
    this.#removed.clear();
  }

  #forgetPast(line: string, official: string): void {
    const seat = seatOf(line, official);
    this.#removed.delete(seat);
    this.#beforeRestart.delete(seat);
  }
}
