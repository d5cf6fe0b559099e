/** Accounts of people: name, role, password hash, disabled, and the failed sign-ins that lock it. */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Role } from "../../shared/wire.ts";
import type { Database } from "../platform/db.ts";
import { isRole } from "./principal.ts";
import type { AccessTables, AccountRow } from "./tables.ts";

export interface Account {
  id: string;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  failedAttempts: number;
  /** Epoch ms until which sign-in is refused; null when not locked. */
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Names are compared without regard to case: stored lower-case. */
export function accountName(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Letters (any script), digits, dot, dash and underscore; 1–64 of them. */
export function isValidAccountName(name: string): boolean {
  return /^[\p{L}\p{N}._-]{1,64}$/u.test(name);
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : "viewer",
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class AccountsStore {
  readonly #db: Kysely<AccessTables>;

  constructor(database: Pick<Database, "db">) {
    this.#db = database.db.withTables<AccessTables>();
  }

  async create(input: {
    name: string;
    role: Role;
    passwordHash: string;
    at: number;
  }): Promise<Account> {
    const row: AccountRow = {
      id: randomUUID(),
      name: accountName(input.name),
      role: input.role,
      password_hash: input.passwordHash,
      disabled: 0,
      failed_attempts: 0,
      locked_until: null,
      created_at: input.at,
      updated_at: input.at,
    };
    await this.#db.insertInto("accounts").values(row).execute();
    return toAccount(row);
  }

  async byName(name: string): Promise<Account | null> {
    const row = await this.#db
      .selectFrom("accounts")
      .selectAll()
      .where("name", "=", accountName(name))
      .executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  async byId(id: string): Promise<Account | null> {
    const row = await this.#db
      .selectFrom("accounts")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  async list(): Promise<Account[]> {
    const rows = await this.#db.selectFrom("accounts").selectAll().orderBy("name").execute();
    return rows.map(toAccount);
  }

  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom("accounts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async setPassword(id: string, passwordHash: string, at: number): Promise<void> {
    await this.#db
      .updateTable("accounts")
      .set({ password_hash: passwordHash, failed_attempts: 0, locked_until: null, updated_at: at })
      .where("id", "=", id)
      .execute();
  }

  async setDisabled(id: string, disabled: boolean, at: number): Promise<void> {
    await this.#db
      .updateTable("accounts")
      .set({ disabled: disabled ? 1 : 0, updated_at: at })
      .where("id", "=", id)
      .execute();
  }

  /** Counts one failed sign-in and answers how many there have been since the last success. */
  async recordFailure(id: string): Promise<number> {
    const row = await this.#db
      .updateTable("accounts")
      .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
      .where("id", "=", id)
      .returning("failed_attempts")
      .executeTakeFirst();
    return row?.failed_attempts ?? 0;
  }

  /** Refuses sign-in until `until`; the failures start counting again from zero. */
  async lock(id: string, until: number): Promise<void> {
    await this.#db
      .updateTable("accounts")
      .set({ locked_until: until, failed_attempts: 0 })
      .where("id", "=", id)
      .execute();
  }

  async clearFailures(id: string): Promise<void> {
    await this.#db
      .updateTable("accounts")
      .set({ failed_attempts: 0, locked_until: null })
      .where("id", "=", id)
      .execute();
  }
}
