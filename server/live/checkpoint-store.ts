/**
 * Where the live model's checkpoint is kept between runs: the database of record in a
 * deployment, memory in tests. One checkpoint per log; only the leader writes it.
 */
import type { Checkpoint } from "./live-model.ts";

export interface CheckpointStore {
  /** Null when none was written yet. */
  load(): Promise<Checkpoint | null>;
  save(checkpoint: Checkpoint): Promise<void>;
}

export class MemoryCheckpoints implements CheckpointStore {
  #json: string | null = null;

  async load(): Promise<Checkpoint | null> {
    return this.#json === null ? null : (JSON.parse(this.#json) as Checkpoint);
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    // Stored as text, as a database would: nothing shared with the live state survives.
    this.#json = JSON.stringify(checkpoint);
  }
}
