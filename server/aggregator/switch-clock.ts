/**
 * The switch's time between its events. A real switch's clock runs with the wall clock; the
 * simulator's runs `rate` times faster and may be hours or days away from the wall clock. A
 * heartbeat says what time it is on the switch and sets the clock; an event can only move it
 * forward (events may arrive slightly out of order). In between, the time is extrapolated from
 * the wall clock. Pure: wall times are passed in.
 */
export class SwitchClock {
  #switchTime: number | null = null;
  #wallTime = 0;
  #rate = 1;

  /** Records an event's switch time. */
  observeEvent(switchTime: number, wallNow: number): void {
    if (this.#switchTime === null || switchTime >= this.now(wallNow)) {
      this.#set(switchTime, wallNow);
    }
  }

  /** Records a heartbeat: the switch's own word for its time and its clock's rate. */
  observeHeartbeat(switchTime: number, wallNow: number, rate: number): void {
    this.#rate = rate;
    this.#set(switchTime, wallNow);
  }

  /** The switch's time now; the wall clock until the switch has said anything. */
  now(wallNow: number): number {
    if (this.#switchTime === null) return wallNow;
    return this.#switchTime + Math.max(0, wallNow - this.#wallTime) * this.#rate;
  }

  get rate(): number {
    return this.#rate;
  }

  #set(switchTime: number, wallNow: number): void {
    this.#switchTime = switchTime;
    this.#wallTime = wallNow;
  }
}
