import { describe, expect, it } from "vitest";
import { SwitchClock } from "../../../../server/switches/ami/switch-clock.ts";

describe("SwitchClock", () => {
  it("is our clock until the switch says its time, then the switch's", () => {
    let wall = 1_000_000;
    const clock = new SwitchClock(() => wall);
    expect(clock.now()).toBe(1_000_000);
    clock.observe(5_000_000);
    wall += 2_000;
    expect(clock.now()).toBe(5_002_000);
    expect(clock.rate).toBe(1);
  });

  it("measures a clock that runs sixty times ours, and calls a real one's pace exactly 1", () => {
    let wall = 0;
    const fast = new SwitchClock(() => wall);
    const real = new SwitchClock(() => wall);
    const changes = { fast: 0, real: 0 };
    for (let i = 0; i <= 20; i += 1) {
      if (fast.observe(10_000_000 + wall * 60)) changes.fast += 1;
      if (real.observe(10_000_000 + wall * 1.01)) changes.real += 1;
      wall += 500;
    }
    // Told once, when first measured; a real switch's pace never changes from 1 after that.
    expect(changes).toEqual({ fast: 1, real: 1 });
    expect(fast.measured && real.measured).toBe(true);
    expect(fast.rate).toBeCloseTo(60, 5);
    expect(real.rate).toBe(1);
    expect(fast.now()).toBe(10_000_000 + 10_000 * 60 + 500 * 60);
  });

  it("ignores a stamp a little older than the last, and starts again when the clock jumps back", () => {
    let wall = 0;
    const clock = new SwitchClock(() => wall);
    clock.observe(9_000_000);
    clock.observe(8_999_000);
    expect(clock.now()).toBe(9_000_000);
    wall = 10_000;
    clock.observe(1_000_000);
    expect(clock.now()).toBe(1_000_000);
    expect(clock.rate).toBe(1);
  });
});
