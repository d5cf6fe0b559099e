/**
 * Every migration of the database of record, in the order they apply. Add a new one at the end
 * (see server/platform/db.ts); never edit, remove or reorder one that has shipped.
 */
import type { Migration } from "./migration.ts";
import { accessMigration } from "./0001-access.ts";
import { liveMigration } from "./0002-live.ts";
import { historyMigration } from "./0003-history.ts";
import { scheduleMigration } from "./0004-schedule.ts";
import { controlMigration } from "./0005-control.ts";

export const MIGRATIONS: readonly Migration[] = [
  accessMigration,
  liveMigration,
  historyMigration,
  scheduleMigration,
  controlMigration,
];
