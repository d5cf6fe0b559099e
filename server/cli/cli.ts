/**
 * What the operators' commands share: the database from the same variables as the server
 * (STATE_DIR, DATABASE_URL, DATABASE_SCHEMA), arguments, a password read without echo, a table,
 * and one-line errors with a non-zero exit.
 */
import { userInfo } from "node:os";
import { AccessService } from "../access/access-service.ts";
import { AccountAdmin, AdminError } from "../access/account-admin.ts";
import type { AuditActor } from "../access/audit-trail.ts";
import { ConfigError, readAccessConfig } from "../config.ts";
import { openDatabase, type Database } from "../platform/db.ts";

export class UsageError extends Error {
  override name = "UsageError";
}

export interface Parsed {
  positional: string[];
  options: Map<string, string | true>;
}

/** `--role ROLE`, `--password-stdin`; anything else starting with -- is refused by the command. */
export function parseArgs(args: readonly string[], valued: readonly string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (valued.includes(name)) {
      const value = inline ?? args[(i += 1)];
      if (value === undefined || value.startsWith("--"))
        throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else options.set(name, inline ?? true);
  }
  return { positional, options };
}

export function onlyOptions(parsed: Parsed, allowed: readonly string[]): void {
  for (const name of parsed.options.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}

/** Who the audit trail says did it: the operator's login on this machine. */
export function operator(): AuditActor {
  let name = "unknown";
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): the trail still says it was the command line.
  }
  return { kind: "system", name: `command line (${name})` };
}

export async function withAdmin<T>(run: (admin: AccountAdmin) => Promise<T>): Promise<T> {
  const config = readAccessConfig(process.env);
  const database: Database = await openDatabase({
    url: config.databaseUrl,
    schema: config.databaseSchema,
    stateDir: config.stateDir,
  });
  try {
    return await run(new AccountAdmin(new AccessService(database)));
  } finally {
    await database.close();
  }
}

/** Rows under a header, columns padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) =>
    Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? "")].length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - [...cell].length))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

export const when = (ms: number | null): string =>
  ms === null ? "-" : new Date(ms).toISOString().slice(0, 19) + "Z";

/** Runs a command: its output on stdout, a one-line error on stderr and exit 1 (2 for usage). */
export async function run(
  command: string,
  main: (args: string[]) => Promise<string>,
): Promise<void> {
  try {
    const out = await main(process.argv.slice(2));
    if (out) process.stdout.write(`${out}\n`);
  } catch (error) {
    const known =
      error instanceof UsageError || error instanceof AdminError || error instanceof ConfigError;
    const message = known
      ? (error as Error).message
      : `failed: ${(error as Error).message}`.split("\n")[0];
    process.stderr.write(`${command}: ${message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
