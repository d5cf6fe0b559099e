/**
 * The port every switch adapter fills: the simulator, the Asterisk AMI adapter and the
 * queue_log follower. An adapter turns what its switch says into normalized events
 * (shared/events.ts) and hands them to the sink; it obeys the same commands whatever the switch.
 */
import type { SwitchEventInput } from "../../shared/events.ts";
import type { SwitchTally } from "../../shared/live-types.ts";

/** Where an adapter delivers its events, in the switch's order. */
export type EventSink = (events: SwitchEventInput[]) => void;

/** What a shift lead can ask of the switch about an official's membership of a line. */
export type SwitchCommand =
  | { type: "login"; line: string; official: string; paused?: boolean; reason?: string }
  | { type: "logout"; line: string; official: string }
  /** Without `line`, the official is paused (or resumed) on every line. */
  | { type: "pause"; official: string; line?: string; reason: string }
  | { type: "resume"; official: string; line?: string }
  | { type: "penalty"; line: string; official: string; penalty: number };

/**
 * The switch's answer: done (with its own words, e.g. "Added interface to queue"), or refused
 * with its own error message (e.g. "Member not dynamic"), or no answer at all: the switch was not
 * connected, or did not answer in time.
 */
export type CommandResult =
  | { ok: true; message?: string }
  | { ok: false; error: string; kind?: "refused" | "not-connected" | "no-answer" };

/** A call the event log holds open: waiting, or answered (then with who answered it and when). */
export interface HandedCall {
  call: string;
  line: string;
  joinedAt: number;
  official: string | null;
  answeredAt: number | null;
}

/**
 * What the event log knew of the switch when an adapter takes over from another (a new leader,
 * a restart): the calls open, the switch's counters as last expected, and the switch time heard.
 */
export interface Handover {
  /** The switch time of the log's latest event; null when the log has none. */
  heardUntil: number | null;
  calls: readonly HandedCall[];
  tallies: readonly SwitchTally[];
}

export interface SwitchAdapter {
  /** For logs and the health strip: "simulator", "ami", "queuelog". */
  readonly kind: string;
  /** Starts delivering events to the sink. Resolves once the adapter is running. */
  start(sink: EventSink): Promise<void>;
  /** Idempotent. */
  stop(): Promise<void>;
  command(command: SwitchCommand): Promise<CommandResult>;
  /**
   * Before `start`: carries on from what the log knew, so calls that end while the lease moves
   * are told (or reconstructed from the switch's counters), not lost. Adapters that replay the
   * switch's own record (queue_log) or make their own traffic (the simulator) need none.
   */
  takeOver?(handover: Handover): void;
}
