/**
 * Tells, from the bus alone, whether the figures are simulated: an instance that does not run the
 * simulator itself (SWITCH=none) learns it from the simulator's heartbeats, which carry its speed,
 * so its wall says "simulation" too. A heartbeat from any other source says they are not.
 */
import { decodeSwitchEvent } from "../../../shared/events.ts";

/** A heartbeat is small; anything longer is not one and is not parsed twice. */
const MAX_HEARTBEAT_BYTES = 512;

export class SimulationWatch {
  #simulation: { speed: number } | null = null;

  /** Sees every bus message; parses only heartbeats. Never throws. */
  observe(message: string): void {
    if (message.length > MAX_HEARTBEAT_BYTES || !message.includes('"switch.heartbeat"')) return;
    const decoded = decodeSwitchEvent(message);
    if (!decoded.ok || decoded.event.type !== "switch.heartbeat") return;
    const { source, rate } = decoded.event;
    this.#simulation = source === "simulator" ? { speed: rate } : null;
  }

  /** The simulator's speed as its last heartbeat gave it; null for a real switch or none yet. */
  get simulation(): { speed: number } | null {
    return this.#simulation;
  }
}
