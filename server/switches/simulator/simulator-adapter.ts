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
   * Where a simulation of the same seed and start that another run began is to carry on (the
   * log's switch time): the model is run silently up to a little before it, and the events after
   * that are emitted again with the ids they had, so the log keeps each once and loses none.
   */
  resumeAt?: number;
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

/** How far before the resume point the simulation speaks again: what a dead run had not sent. */
const RESUME_OVERLAP_MS = 5 * 60_000;

/**
 * A tick that covers more simulated time than this (a high speed, a burst) is told in steps, each
 * with its heartbeat, so the server's clock follows the simulated time instead of refusing events
 * far ahead of it.
 */
const STEP_MS = 60_000;

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
  #heartbeats = 0;
  /** The simulated time the last tick reached. */
  #reached = 0;

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
    this.#lastHeartbeatWall = this.#wallStart;
    this.#reached = this.simNow();
    const resumeAt = this.#options.resumeAt;
    if (resumeAt !== undefined && resumeAt > this.#options.start) {
      // What the dead run may not have sent is said again at once (the log keeps each event once
      // by its id), and the clock goes on from where the log got to, not from before it.
      const from = Math.max(this.#options.start, resumeAt - RESUME_OVERLAP_MS);
      this.#simulation.advanceTo(from);
      this.#simOffset = resumeAt - this.#options.start;
      this.#reached = resumeAt;
      // The status lets the heartbeat after it set the clock anywhere ahead.
      this.#deliver([
        this.#status(true, "simulator resumed"),
        this.#heartbeat(resumeAt),
        ...this.#simulation.advanceTo(resumeAt),
      ]);
    } else {
      // A new simulation knows none of the calls or logins a previous run left in the log: it is
      // a switch that restarted.
      this.#deliver([this.#status(true), this.#heartbeat(this.simNow()), this.#restarted()]);
    }
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
    const events: SwitchEventInput[] = [];
    let jumped = false;
    if (this.#options.skipIdle) {
      const idleUntil = this.#simulation.idleUntil();
      if (idleUntil !== null && idleUntil - IDLE_LEAD_MS > target && !this.#held(target)) {
        this.#simOffset += idleUntil - IDLE_LEAD_MS - target;
        target = this.simNow();
        jumped = true;
        this.#reached = target;
        // The jump is announced, so the server's clock follows it instead of refusing it.
        events.push(this.#status(true, "simulated clock skipped an idle time"));
      }
    }
    while (target - this.#reached > STEP_MS) {
      this.#reached += STEP_MS;
      events.push(this.#heartbeat(this.#reached), ...this.#simulation.advanceTo(this.#reached));
    }
    const wallNow = this.#wallClock();
    if (jumped || wallNow - this.#lastHeartbeatWall >= (this.#options.heartbeatMs ?? 1000)) {
      this.#lastHeartbeatWall = wallNow;
      // First in the batch: the events after it are no later than the time it states.
      events.push(this.#heartbeat(target));
    }
    events.push(...this.#simulation.advanceTo(target));
    this.#reached = Math.max(this.#reached, target);
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

  #status(connected: boolean, detail?: string): SwitchEventInput {
    return {
      type: "switch.status",
      id: `sim:${this.#options.seed}:${this.#options.start}:status:${this.#wallClock()}:${connected}:${this.#simOffset}`,
      v: 1,
      at: Math.round(this.simNow()),
      source: "simulator",
      connected,
      detail: detail ?? (connected ? "simulator" : "simulator stopped"),
    };
  }

  #restarted(): SwitchEventInput {
    return {
      type: "switch.restarted",
      id: `sim:${this.#options.seed}:${this.#options.start}:restarted:${this.#wallClock()}`,
      v: 1,
      at: Math.round(this.simNow()),
      source: "simulator",
      detail: "simulator started",
    };
  }
}
