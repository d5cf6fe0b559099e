/** `npm start` as an operator meets it: configuration first, a build only when one is due. */
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clientBuildNeed, REPO_ROOT } from "../../scripts/client-build.ts";

const trees: string[] = [];
afterEach(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A source tree with a built client, every file dated `at` (seconds). */
function tree(at: number): string {
  const root = mkdtempSync(path.join(tmpdir(), "samad-start-"));
  trees.push(root);
  const files = [
    "client/index.html",
    "client/src/main.ts",
    "client/src/lib/format.ts",
    "shared/wire.ts",
    "package-lock.json",
    "client/dist/index.html",
  ];
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), "x");
    utimesSync(path.join(root, file), at, at);
  }
  return root;
}

describe("the client build before a start", () => {
  it("is skipped when the build is newer than every source", () => {
    expect(clientBuildNeed(tree(1_700_000_000))).toEqual({ build: false });
  });

  it("is due when the build is missing", () => {
    const root = tree(1_700_000_000);
    rmSync(path.join(root, "client", "dist"), { recursive: true });
    expect(clientBuildNeed(root)).toEqual({ build: true, reason: "client/dist is missing" });
  });

  it.each(["client/src/lib/format.ts", "shared/wire.ts", "package-lock.json"])(
    "is due when %s changed after the build",
    (file) => {
      const root = tree(1_700_000_000);
      utimesSync(path.join(root, file), 1_700_000_100, 1_700_000_100);
      expect(clientBuildNeed(root)).toMatchObject({ build: true });
    },
  );

  it("ignores what the build itself writes", () => {
    const root = tree(1_700_000_000);
    writeFileSync(path.join(root, "client", "dist", "late.js"), "x");
    expect(clientBuildNeed(root)).toEqual({ build: false });
  });
});

describe("npm start", () => {
  it("stops on a wrong SWITCH before building anything", { timeout: 60_000 }, async () => {
    const built = path.join(REPO_ROOT, "client", "dist", "index.html");
    const builtAt = (): number | null => (existsSync(built) ? statSync(built).mtimeMs : null);
    const before = builtAt();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
      (resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
          cwd: REPO_ROOT,
          env: { PATH: process.env.PATH ?? "", SWITCH: "bogus" },
        });
        let err = "";
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("exit", (exitCode) => resolve({ code: exitCode, stderr: err }));
      },
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      'samad-live: configuration: SWITCH must be simulator, none, ami://USER:SECRET@HOST:PORT or queuelog:PATH; got "bogus"\n',
    );
    expect(builtAt()).toBe(before);
  });
});
