/**
 * Which simulation the demo runs: its seed and the simulated time it started from. Kept in the
 * database of record, so that a restarted server, or another instance taking over, carries the
 * same simulation on from where the event log got to (the same calls, with the same ids)
 * instead of starting a new one that knows none of the callers waiting in the log.
 */
import type { ResumePoint } from "../../app.ts";
import type { Database } from "../../platform/db.ts";

export interface SimulationIdentity {
  seed: number;
  /** The simulated time the simulation started from (epoch ms). */
  start: number;
}

/** A log quiet for longer than this is an old demo: a new simulation starts at the real time. */
export const RESUME_WITHIN_MS = 10 * 60_000;

type Tables = { live_state: { name: string; body: string; saved_at: number } };
const ROW = "simulation";

export class SimulationIdentities {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  async load(): Promise<SimulationIdentity | null> {
    const row = await this.#database.db
      .withTables<Tables>()
      .selectFrom("live_state")
      .select("body")
      .where("name", "=", ROW)
      .executeTakeFirst();
    if (!row) return null;
    const parsed = JSON.parse(row.body) as Partial<SimulationIdentity>;
    return typeof parsed.seed === "number" && typeof parsed.start === "number"
      ? { seed: parsed.seed, start: parsed.start }
      : null;
  }

  async save(identity: SimulationIdentity): Promise<void> {
    const row = { name: ROW, body: JSON.stringify(identity), saved_at: Date.now() };
    await this.#database.db
      .withTables<Tables>()
      .insertInto("live_state")
      .values(row)
      .onConflict((conflict) =>
        conflict.column("name").doUpdateSet({ body: row.body, saved_at: row.saved_at }),
      )
      .execute();
  }
}

/**
 * The simulation to run for a term of leadership: the stored one carried on from the log's
 * switch time when the log heard it lately and the seed is the same; else a new one, starting
 * at the later of the configured start and the log's switch time (a day never runs backwards).
 */
export function simulationFor(
  stored: SimulationIdentity | null,
  wanted: SimulationIdentity,
  resume: ResumePoint,
): { identity: SimulationIdentity; resumeAt: number | undefined } {
  const recent = resume.switchTime !== null && (resume.quietForMs ?? Infinity) < RESUME_WITHIN_MS;
  if (stored && stored.seed === wanted.seed && recent && resume.switchTime !== null) {
    return { identity: stored, resumeAt: resume.switchTime };
  }
  return {
    identity: { seed: wanted.seed, start: Math.max(wanted.start, resume.switchTime ?? 0) },
    resumeAt: undefined,
  };
}
