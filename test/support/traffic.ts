/**
 * Synthetic switch traffic at a chosen rate, for the benchmarks: officials logged in to their
 * lines (from the timetable), callers joining, answered, talking and hanging up, some abandoning,
 * every event stamped with the time it is made, with heartbeats; waits and talk times in whole
 * seconds, as a switch reports them. Deterministic for a seed. Every
 * event is one the reducer accepts, so what a screen shows can be traced back to it: each
 * `call.joined` adds one to the province's `offered`.
 */
import type { SwitchEventInput } from "../../shared/events.ts";
import type { Reference } from "../../shared/reference.ts";

interface LineTraffic {
  id: string;
  idle: string[];
  waiting: { call: string; joinedAt: number }[];
  talking: { call: string; official: string; joinedAt: number; answeredAt: number }[];
}

/** A small, fast, seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class Traffic {
  readonly #lines: LineTraffic[];
  readonly #random: () => number;
  #ids = 0;
  #calls = 0;
  /** `call.joined` events made so far: the province's `offered` once they are all applied. */
  joined = 0;

  constructor(reference: Reference, seed = 1) {
    this.#random = random(seed);
    const officialsOf = new Map<string, Set<string>>();
    for (const s of reference.sessions) {
      const set = officialsOf.get(s.line) ?? new Set<string>();
      set.add(s.official);
      officialsOf.set(s.line, set);
    }
    this.#lines = reference.lines.map((line) => ({
      id: line.id,
      idle: [...(officialsOf.get(line.id) ?? [`agent-${line.id}`])],
      waiting: [],
      talking: [],
    }));
  }

  #head(at: number) {
    return { id: `bench-${(this.#ids += 1)}`, v: 1 as const, source: "bench", at };
  }

  heartbeat(at: number): SwitchEventInput {
    return { ...this.#head(at), type: "switch.heartbeat", rate: 1 };
  }

  /** Every official logged in to each of its lines, and a heartbeat that sets the clock. */
  logins(at: number): SwitchEventInput[] {
    // A switch that answers says so first: a wall that never heard it connected says it is down.
    const events: SwitchEventInput[] = [
      this.heartbeat(at),
      { ...this.#head(at), type: "switch.status", connected: true, detail: "bench traffic" },
    ];
    for (const line of this.#lines) {
      for (const official of line.idle) {
        events.push({ ...this.#head(at), type: "official.logged-in", line: line.id, official });
      }
    }
    return events;
  }

  /** The next event at `at`, on a line picked at random. */
  next(at: number): SwitchEventInput {
    const line = this.#lines[Math.floor(this.#random() * this.#lines.length)]!;
    const roll = this.#random();
    if (line.talking.length > 0 && roll < 0.3) return this.#end(line, at);
    const waiting = line.waiting[0];
    if (waiting && line.idle.length > 0 && roll < 0.7) return this.#answer(line, at);
    if (waiting && roll > 0.95) {
      line.waiting.shift();
      return {
        ...this.#head(at),
        type: "call.abandoned",
        line: line.id,
        call: waiting.call,
        waitSec: Math.round((at - waiting.joinedAt) / 1000),
      };
    }
    const call = `c${(this.#calls += 1)}`;
    line.waiting.push({ call, joinedAt: at });
    this.joined += 1;
    return { ...this.#head(at), type: "call.joined", line: line.id, call };
  }

  #answer(line: LineTraffic, at: number): SwitchEventInput {
    const { call, joinedAt } = line.waiting.shift()!;
    const official = line.idle.shift()!;
    line.talking.push({ call, official, joinedAt, answeredAt: at });
    const waitSec = Math.round((at - joinedAt) / 1000);
    return { ...this.#head(at), type: "call.answered", line: line.id, call, official, waitSec };
  }

  #end(line: LineTraffic, at: number): SwitchEventInput {
    const { call, official, joinedAt, answeredAt } = line.talking.shift()!;
    line.idle.push(official);
    return {
      ...this.#head(at),
      type: "call.ended",
      line: line.id,
      call,
      official,
      waitSec: Math.round((answeredAt - joinedAt) / 1000),
      talkSec: Math.round((at - answeredAt) / 1000),
      endedBy: "caller",
    };
  }
}
