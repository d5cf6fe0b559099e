/**
 * Whether the built wall is current: missing, or older than any of its sources, means it must be
 * built. A restart of an installation whose client has not changed then skips the build.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");

/** What the client build reads, relative to the repository. */
const SOURCES = ["client", "shared", "package-lock.json"];
/** Inside those, what is output or never read by the build. */
const SKIPPED = new Set(["dist", "node_modules"]);

/** The newest modification time of a file under `entry` (a file or a folder), 0 when absent. */
export function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const dirent of readdirSync(entry, { withFileTypes: true })) {
    if (SKIPPED.has(dirent.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, dirent.name)));
  }
  return newest;
}

export type BuildNeed = { build: false } | { build: true; reason: string };

/** `root` is a source tree; its built client is `root/client/dist`. */
export function clientBuildNeed(root: string = REPO_ROOT): BuildNeed {
  const built = path.join(root, "client", "dist", "index.html");
  if (!existsSync(built)) return { build: true, reason: "client/dist is missing" };
  const builtAt = statSync(built).mtimeMs;
  for (const source of SOURCES) {
    if (newestMtime(path.join(root, source)) > builtAt) {
      return { build: true, reason: `${source} changed since the last build` };
    }
  }
  return { build: false };
}
