/**
 * Drives the simulation against the wall clock at a speed factor and delivers its events
 * through the same port as a real switch, with a heartbeat that carries the speed so the server
 * can tell the simulated time between events. Optionally jumps over idle nights.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import type { Reference } from "../../../shared/reference.ts";
import type { Logger } from "../../log.ts";
import type { CommandResult, EventSink, SwitchAdapter, SwitchCommand } from "../switch-adapter.ts";
import { Simulation } from "./simulation.ts";

export interface SimulatorOptions {
  reference: Reference;
  seed: number;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** Simulated start time (epoch ms). */
  start: number;
  skipIdle: boolean;
  log: Logger;
  /** @default Date.now */
  wallClock?: () => number;
  /** @default 100 */
  tickMs?: number;
  /** @default 1000 */
  heartbeatMs?: number;
  /**
   * The "connected" status is said again this often, so a server that joins the bus later (a
   * second instance) learns that the switch is up rather than showing it as never heard from.
   * @default 5000
   */
  statusEveryMs?: number;
  /**
   * The simulated clock stops here and the figures hold still, for pictures taken at a fixed
   * simulated moment (`npm run screenshots`). @default null: it never stops
   */
  holdAt?: number | null;
}

/**
 * The rate a held simulation's heartbeat gives its clock: it stands still. Not zero, which the
 * event contract refuses for a clock; small enough that a day of extrapolation is a millisecond.
 */
const HELD_RATE = 1e-8;

/** How long before the next session's first caller an idle jump lands. */
const IDLE_LEAD_MS = 2 * 60_000;

export class SimulatorAdapter implements SwitchAdapter {
  readonly kind = "simulator";
  readonly #simulation: Simulation;
  readonly #options: SimulatorOptions;
  readonly #wallClock: () => number;
  #sink: EventSink | null = null;
  #timer: NodeJS.Timeout | null = null;
  #wallStart = 0;
  #simOffset = 0;
  #lastHeartbeatWall = 0;
  #lastStatusWall = 0;
  #heartbeats = 0;

  constructor(options: SimulatorOptions) {
    this.#options = options;
    this.#wallClock = options.wallClock ?? Date.now;
    this.#simulation = new Simulation({
      reference: options.reference,
      seed: options.seed,
      start: options.start,
    });
  }

  /** Simulated seconds per wall-clock second. */
  get speed(): number {
    return this.#options.speed;
  }

  /** The simulated time now. */
  simNow(): number {
    const running =
      this.#options.start +
      this.#simOffset +
      (this.#wallClock() - this.#wallStart) * this.#options.speed;
    return Math.min(running, this.#options.holdAt ?? Infinity);
  }

  async start(sink: EventSink): Promise<void> {
    if (this.#timer) return;
    this.#sink = sink;
    this.#wallStart = this.#wallClock();
    this.#lastStatusWall = this.#wallStart;
    this.#deliver([this.#status(true)]);
    this.#timer = setInterval(() => this.tick(), this.#options.tickMs ?? 100);
    this.#options.log.info(
      {
        seed: this.#options.seed,
        speed: this.#options.speed,
        start: new Date(this.#options.start).toISOString(),
      },
      "simulator started",
    );
  }

  /** Advances the simulation to the current simulated time. Called by the timer. */
  tick(): void {
    let target = this.simNow();
    if (this.#options.skipIdle) {
      const idleUntil = this.#simulation.idleUntil();
      if (idleUntil !== null && idleUntil - IDLE_LEAD_MS > target && !this.#held(target)) {
        this.#simOffset += idleUntil - IDLE_LEAD_MS - target;
        target = this.simNow();
      }
    }
    const events = this.#simulation.advanceTo(target);
    const wallNow = this.#wallClock();
    if (wallNow - this.#lastHeartbeatWall >= (this.#options.heartbeatMs ?? 1000)) {
      this.#lastHeartbeatWall = wallNow;
      events.push(this.#heartbeat(target));
    }
    if (wallNow - this.#lastStatusWall >= (this.#options.statusEveryMs ?? 5000)) {
      this.#lastStatusWall = wallNow;
      events.push(this.#status(true));
    }
    this.#deliver(events);
  }

  async command(command: SwitchCommand): Promise<CommandResult> {
    const result = this.#simulation.command(command);
    this.#deliver(this.#simulation.drain());
    return result;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#sink) this.#deliver([this.#status(false)]);
    this.#sink = null;
  }

  #deliver(events: SwitchEventInput[]): void {
    if (events.length > 0) this.#sink?.(events);
  }

  #held(at: number): boolean {
    return at >= (this.#options.holdAt ?? Infinity);
  }

  #heartbeat(at: number): SwitchEventInput {
    this.#heartbeats += 1;
    return {
      type: "switch.heartbeat",
      id: `sim:${this.#options.seed}:${this.#options.start}:hb${this.#heartbeats}`,
      v: 1,
      at: Math.round(at),
      source: "simulator",
      rate: this.#held(at) ? HELD_RATE : this.#options.speed,
    };
  }

  #status(connected: boolean): SwitchEventInput {
    return {
      type: "switch.status",
      id: `sim:${this.#options.seed}:${this.#options.start}:status:${this.#wallClock()}:${connected}`,
      v: 1,
      at: Math.round(this.simNow()),
      source: "simulator",
      connected,
      detail: connected ? "simulator" : "simulator stopped",
    };
  }
}
