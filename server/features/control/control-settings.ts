/** Line control's settings in the database of record (migration 0005): one row per name. */
import type { Kysely } from "kysely";
import type { Database } from "../../platform/db.ts";

type Tables = { control_settings: { name: string; value: string; updated_at: number } };

export interface ControlSettingsValues {
  /** Add each official to their line when their published session starts, remove at its end. @default false */
  applySchedule: boolean;
}

export const DEFAULT_CONTROL_SETTINGS: ControlSettingsValues = { applySchedule: false };

export class ControlSettings {
  readonly #db: Kysely<Tables>;

  constructor(database: Pick<Database, "db">) {
    this.#db = database.db.withTables<Tables>();
  }

  async read(): Promise<ControlSettingsValues> {
    const rows = await this.#db.selectFrom("control_settings").selectAll().execute();
    const stored = new Map(rows.map((row) => [row.name, row.value]));
    return {
      applySchedule: (stored.get("applySchedule") ?? "false") === "true",
    };
  }

  async write(values: ControlSettingsValues, at: number): Promise<void> {
    for (const [name, value] of Object.entries(values)) {
      await this.#db
        .insertInto("control_settings")
        .values({ name, value: String(value), updated_at: at })
        .onConflict((oc) => oc.column("name").doUpdateSet({ value: String(value), updated_at: at }))
        .execute();
    }
  }
}
