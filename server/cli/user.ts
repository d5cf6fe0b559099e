/**
 * Operators' command for accounts:
 *   npm run --silent user -- add NAME --role ROLE [--password-stdin]
 *   npm run --silent user -- list
 *   npm run --silent user -- passwd NAME [--password-stdin]
 *   npm run --silent user -- disable NAME | enable NAME
 */
import {
  onlyOptions,
  operator,
  parseArgs,
  run,
  table,
  UsageError,
  when,
  withAdmin,
} from "./cli.ts";
import { askPassword } from "./password-input.ts";

const USAGE =
  "usage: user add NAME --role ROLE [--password-stdin] | list | passwd NAME [--password-stdin] | disable NAME | enable NAME";

function one(positional: string[], what: string): string {
  if (positional.length !== 1) throw new UsageError(`${what} takes exactly one NAME; ${USAGE}`);
  return positional[0] as string;
}

export async function user(args: string[]): Promise<string> {
  const [verb, ...rest] = args;
  const parsed = parseArgs(rest, ["role"]);
  const fromStdin = parsed.options.get("password-stdin") === true;
  switch (verb) {
    case "add": {
      onlyOptions(parsed, ["role", "password-stdin"]);
      const name = one(parsed.positional, "add");
      const role = parsed.options.get("role");
      if (typeof role !== "string")
        throw new UsageError("add needs --role viewer|inspector|shift-lead|admin");
      return withAdmin(async (admin) => {
        await admin.checkNewAccount(name, role);
        const password = await askPassword(fromStdin);
        const account = await admin.addAccount({ name, role, password }, operator());
        return `added account ${account.name} (${account.role})`;
      });
    }
    case "list":
      onlyOptions(parsed, []);
      if (parsed.positional.length > 0) throw new UsageError(USAGE);
      return withAdmin(async (admin) => {
        const now = Date.now();
        const rows = (await admin.listAccounts()).map((a) => [
          a.name,
          a.role,
          a.disabled
            ? "disabled"
            : a.lockedUntil !== null && a.lockedUntil > now
              ? `locked until ${when(a.lockedUntil)}`
              : "enabled",
          when(a.createdAt),
        ]);
        return rows.length === 0
          ? "no accounts"
          : table(["NAME", "ROLE", "STATE", "CREATED"], rows);
      });
    case "passwd": {
      onlyOptions(parsed, ["password-stdin"]);
      const name = one(parsed.positional, "passwd");
      return withAdmin(async (admin) => {
        await admin.checkAccount(name);
        await admin.setPassword(name, await askPassword(fromStdin), operator());
        return `changed the password of ${name.trim().toLowerCase()}; its sessions are ended`;
      });
    }
    case "disable":
    case "enable": {
      onlyOptions(parsed, []);
      const name = one(parsed.positional, verb);
      return withAdmin(async (admin) => {
        const account = await admin.setDisabled(name, verb === "disable", operator());
        return verb === "disable"
          ? `disabled ${account.name}; its sessions are ended`
          : `enabled ${account.name}`;
      });
    }
    default:
      throw new UsageError(USAGE);
  }
}

await run("user", user);
