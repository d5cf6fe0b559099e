/**
 * Operators' command for the audit trail:
 *   npm run --silent audit -- verify
 * checks the hash chain from the first row: prints the number of rows and `ok`, or the first
 * broken row, and exits non-zero when the chain is broken.
 */
import { AuditTrail } from "../access/audit-trail.ts";
import { readAccessConfig } from "../config.ts";
import { openDatabase } from "../platform/db.ts";
import { onlyOptions, parseArgs, run, UsageError } from "./cli.ts";

const USAGE = "usage: audit verify";

export async function audit(args: string[]): Promise<string> {
  const [verb, ...rest] = args;
  const parsed = parseArgs(rest, []);
  if (verb !== "verify" || parsed.positional.length > 0) throw new UsageError(USAGE);
  onlyOptions(parsed, []);
  const config = readAccessConfig(process.env);
  const database = await openDatabase({
    url: config.databaseUrl,
    schema: config.databaseSchema,
    stateDir: config.stateDir,
  });
  try {
    const { rows, broken } = await new AuditTrail(database).verify();
    if (!broken) return `${rows} rows ok`;
    process.exitCode = 1;
    return `broken at row ${broken.id} (row ${rows} of the chain): ${broken.reason}`;
  } finally {
    await database.close();
  }
}

await run("audit", audit);
