/** What a migration is, and the helpers migrations share across both dialects. */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from "kysely";

export type Dialect = "sqlite" | "postgres";

/** One versioned change of the schema; applied once, in order of `name`. */
export interface Migration {
  /** "NNNN-what": the name recorded as applied. */
  name: string;
  // Kysely<any>: a migration sees the schema as it was then, not the stores' current types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** An integer primary key that grows with each insert, in either dialect. */
export function autoIncrementId<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
  dialect: Dialect,
): CreateTableBuilder<T, C | "id"> {
  const pk = (column: ColumnDefinitionBuilder) => column.primaryKey();
  return dialect === "postgres"
    ? table.addColumn("id", "bigserial", pk)
    : table.addColumn("id", "integer", (column) => column.primaryKey().autoIncrement());
}
