/**
 * Operators' command for screen tokens:
 *   npm run --silent token -- create NAME --role ROLE   (prints the token alone on stdout)
 *   npm run --silent token -- list                      (never shows a token)
 *   npm run --silent token -- revoke NAME
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

const USAGE = "usage: token create NAME --role ROLE | list | revoke NAME";

export async function token(args: string[]): Promise<string> {
  const [verb, ...rest] = args;
  const parsed = parseArgs(rest, ["role"]);
  switch (verb) {
    case "create": {
      onlyOptions(parsed, ["role"]);
      const role = parsed.options.get("role");
      if (parsed.positional.length !== 1)
        throw new UsageError(`create takes exactly one NAME; ${USAGE}`);
      if (typeof role !== "string")
        throw new UsageError("create needs --role viewer|inspector|shift-lead|admin");
      return withAdmin(
        async (admin) =>
          (await admin.createToken({ name: parsed.positional[0], role }, operator())).token,
      );
    }
    case "list":
      onlyOptions(parsed, []);
      if (parsed.positional.length > 0) throw new UsageError(USAGE);
      return withAdmin(async (admin) => {
        const rows = (await admin.listTokens()).map((t) => [
          t.name,
          t.role,
          t.revokedAt === null ? "active" : `revoked ${when(t.revokedAt)}`,
          when(t.createdAt),
          when(t.lastSeenAt),
          t.lastSeenAddress ?? "-",
        ]);
        return rows.length === 0
          ? "no tokens"
          : table(["NAME", "ROLE", "STATE", "CREATED", "LAST SEEN", "FROM"], rows);
      });
    case "revoke":
      onlyOptions(parsed, []);
      if (parsed.positional.length !== 1)
        throw new UsageError(`revoke takes exactly one NAME; ${USAGE}`);
      return withAdmin(async (admin) => {
        await admin.revokeToken(parsed.positional[0], operator());
        return `revoked ${parsed.positional[0]?.trim().toLowerCase()}; its screens are signed out`;
      });
    default:
      throw new UsageError(USAGE);
  }
}

await run("token", token);
