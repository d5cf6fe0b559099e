/**
 * `npm start`: checks the configuration first, so a wrong variable stops the start in about a
 * second with the message that names it; builds the wall only when client/dist is missing or older
 * than its sources; then runs the server in this same process.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ConfigError, readConfig } from "../server/config.ts";
import { clientBuildNeed, REPO_ROOT } from "./client-build.ts";

function stop(message: string): never {
  console.error(`samad-live: ${message}`);
  process.exit(1);
}

function checkConfig(): string {
  try {
    return readConfig(process.env).clientDir;
  } catch (error) {
    if (error instanceof ConfigError) stop(`configuration: ${error.message}`);
    throw error;
  }
}

function buildClient(reason: string): void {
  console.error(`samad-live: building the wall (${reason})…`);
  const vite = path.join(REPO_ROOT, "node_modules", "vite", "bin", "vite.js");
  const config = path.join(REPO_ROOT, "client", "vite.config.ts");
  const result = spawnSync(
    process.execPath,
    [vite, "build", "--config", config, "--logLevel", "warn"],
    {
      cwd: REPO_ROOT,
      stdio: "inherit",
    },
  );
  if (result.status !== 0) stop("the wall's build failed (see above)");
}

const clientDir = checkConfig();
// A CLIENT_DIR of the operator's own is theirs to build; the server says so if it is empty.
if (clientDir === path.join(REPO_ROOT, "client", "dist")) {
  const need = clientBuildNeed();
  if (need.build) buildClient(need.reason);
}
await import("../server/main.ts");
