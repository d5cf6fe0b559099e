/**
 * Builds the server into plain JavaScript for production: dist/main.js (the server) and
 * dist/replay.js, bundled from server/ and shared/ by esbuild (which vite and tsx already bring),
 * with the npm packages left as imports of node_modules. A production start is then `node
 * dist/main.js`, with no TypeScript compiled at every start. The bundles sit one folder below the
 * root, as server/*.ts do, so the paths they derive from their own location (data/, client/dist/)
 * are the same. A new command-line entry point belongs in ENTRY_POINTS.
 *   node --import tsx scripts/build-server.ts [OUTDIR]   (default: dist/)
 */
import path from "node:path";
import { build } from "esbuild";
import { REPO_ROOT } from "./client-build.ts";

export const ENTRY_POINTS = [
  "server/main.ts",
  "server/replay.ts",
  "server/cli/user.ts",
  "server/cli/token.ts",
  "server/cli/audit.ts",
];

/**
 * Every entry point lands directly in dist/ (dist/token.js, not dist/cli/token.js): the server
 * finds its data and built client one folder up from the file that runs.
 */
const flat = ENTRY_POINTS.map((file) => ({ in: file, out: path.basename(file, ".ts") }));

export async function buildServer(outdir = path.join(REPO_ROOT, "dist")): Promise<string[]> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: flat,
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    // The oldest Node the project supports (package.json engines).
    target: "node20.11",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
    metafile: true,
  });
  return Object.keys(result.metafile.outputs).filter((file) => file.endsWith(".js"));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outdir = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const files = await buildServer(outdir);
  console.error(`build-server: ${files.join(", ")}`);
}
