/**
 * The switch's time between its events. A real switch's clock runs with the wall clock; the
 * simulator's runs `rate` times faster. Each event or heartbeat pins the switch time; in between
 * it is extrapolated from the wall clock. Pure: wall times are passed in.
 */
export class SwitchClock {
  #switchTime: number;
  #wallTime: number;
  #rate = 1;

  constructor(wallNow: number) {
    this.#switchTime = wallNow;
    this.#wallTime = wallNow;
  }

  /** Records that the switch said it is `switchTime` at wall time `wallNow`. */
  observe(switchTime: number, wallNow: number, rate?: number): void {
    if (rate !== undefined) this.#rate = rate;
    // Never run backwards: events may arrive slightly out of order.
    if (switchTime >= this.now(wallNow)) {
      this.#switchTime = switchTime;
      this.#wallTime = wallNow;
    }
  }

  now(wallNow: number): number {
    return this.#switchTime + Math.max(0, wallNow - this.#wallTime) * this.#rate;
  }

  get rate(): number {
    return this.#rate;
  }
}
