/**
 * The production tree, as the Dockerfile's final stage holds it, assembled in a folder: the
 * package files, the production dependencies only (the packages `npm ls --omit=dev` lists, which
 * `npm prune --omit=dev` keeps, copied from this tree with better-sqlite3's native module already
 * built), the built wall, the reference data and the server built by scripts/build-server.ts.
 * No registry and no container engine needed, so a test can start the image's tree here.
 *   node --import tsx scripts/production-tree.ts [DIR]   prints the tree's size and start time
 */
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildServer } from "./build-server.ts";
import { REPO_ROOT } from "./client-build.ts";

const run = promisify(execFile);

/** better-sqlite3 builds into build/; only the module itself is loaded at run time. */
function keepAtRunTime(source: string): boolean {
  const inBuild = /better-sqlite3[\\/]build[\\/](.*)$/.exec(source);
  if (!inBuild) return true;
  const rest = inBuild[1] ?? "";
  return rest === "Release" || rest === path.join("Release", "better_sqlite3.node");
}

/** The folders of the production dependencies, as npm resolves them in `root`. */
export async function productionPackages(root: string = REPO_ROOT): Promise<string[]> {
  const { stdout } = await run("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout
    .split("\n")
    .filter((line) => line.startsWith(path.join(root, "node_modules") + path.sep))
    .sort();
}

export async function assembleProductionTree(
  dest: string,
  root: string = REPO_ROOT,
): Promise<void> {
  const builtClient = path.join(root, "client", "dist", "index.html");
  if (!existsSync(builtClient)) throw new Error("client/dist is missing: npm run build first");
  mkdirSync(dest, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) {
    cpSync(path.join(root, file), path.join(dest, file));
  }
  let copied: string | null = null;
  for (const folder of await productionPackages(root)) {
    // A nested package came with its parent.
    if (copied && folder.startsWith(copied + path.sep)) continue;
    const target = path.join(dest, path.relative(root, folder));
    cpSync(folder, target, { recursive: true, filter: keepAtRunTime });
    copied = folder;
  }
  cpSync(path.join(root, "client", "dist"), path.join(dest, "client", "dist"), {
    recursive: true,
  });
  cpSync(path.join(root, "data"), path.join(dest, "data"), { recursive: true });
  await buildServer(path.join(dest, "dist"));
}

/** Bytes of every file under `dir`. */
export function treeBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += treeBytes(full);
    else if (entry.isFile()) bytes += statSync(full).size;
  }
  return bytes;
}

/** Starts `node dist/main.js` in the tree; resolves with its address once it says it serves. */
export function startTree(
  dir: string,
  env: Record<string, string> = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", PORT: "0", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /the wall is at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) resolve({ url, stop });
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr.trim()}`)));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2]
    ? path.resolve(process.argv[2])
    : mkdtempSync(path.join(tmpdir(), "samad-production-"));
  await assembleProductionTree(dir);
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(`tree: ${dir}`);
  console.log(
    `size: ${mb(treeBytes(dir))} (node_modules ${mb(treeBytes(path.join(dir, "node_modules")))})`,
  );
  const started = performance.now();
  const server = await startTree(dir);
  for (;;) {
    const response = await fetch(`${server.url}/healthz`).catch(() => null);
    if (response?.ok) break;
  }
  console.log(`start: ${Math.round(performance.now() - started)} ms to a healthy /healthz`);
  await server.stop();
}
