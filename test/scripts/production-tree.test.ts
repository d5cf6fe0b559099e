/**
 * The production image's tree, assembled in a temporary folder the way the Dockerfile's final
 * stage holds it, started with plain node: so the image cannot rot unseen on machines with no
 * container engine. Its size and start time are measured by scripts/production-tree.ts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/client-build.ts";
import {
  assembleProductionTree,
  productionPackages,
  startTree,
} from "../../scripts/production-tree.ts";

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "samad-production-"));
  await assembleProductionTree(dir);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the production tree", { timeout: 120_000 }, () => {
  it("holds production dependencies only, the built wall and the built server, no TypeScript", async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const name of Object.keys(pkg.dependencies)) {
      expect(existsSync(path.join(dir, "node_modules", name)), name).toBe(true);
    }
    // A dev dependency may also be one of a production package's (@types/node is socket.io's).
    const needed = new Set((await productionPackages()).map((p) => p.split("node_modules/").pop()));
    const devOnly = Object.keys(pkg.devDependencies).filter((name) => !needed.has(name));
    expect(devOnly).toEqual(expect.arrayContaining(["vite", "svelte", "typescript", "vitest"]));
    for (const name of devOnly) {
      expect(existsSync(path.join(dir, "node_modules", name)), name).toBe(false);
    }
    expect(existsSync(path.join(dir, "client", "dist", "index.html"))).toBe(true);
    expect(existsSync(path.join(dir, "dist", "main.js"))).toBe(true);
    expect(existsSync(path.join(dir, "server"))).toBe(false);
    expect(existsSync(path.join(dir, "shared"))).toBe(false);
  });

  it("starts with plain node and serves the wall and /healthz", async () => {
    const server = await startTree(dir, { SWITCH: "simulator" });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, switchKind: "simulator" });
      // The operator's command line is in the tree too: a wall screen's token, as in deploy.md.
      const token = execFileSync(
        process.execPath,
        ["dist/token.js", "create", "wall-1", "--role", "viewer"],
        { cwd: dir, encoding: "utf8" },
      ).trim();
      const exchanged = await fetch(`${server.url}/?token=${token}`, { redirect: "manual" });
      expect(exchanged.status).toBe(303);
      const cookie = exchanged.headers.get("set-cookie")?.split(";")[0] ?? "";
      const page = await fetch(`${server.url}/`, { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="app">');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect((await fetch(`${server.url}${script}`)).status).toBe(200);
      const headers = { authorization: `Bearer ${token}` };
      expect((await fetch(`${server.url}/api/v1/thresholds`, { headers })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("is what the Dockerfile builds: the same server build, command and health route", () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8");
    expect(dockerfile).toContain("scripts/build-server.ts");
    expect(dockerfile).toContain("npm prune --omit=dev");
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^]*?\/healthz/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    const ignored = readFileSync(path.join(REPO_ROOT, ".dockerignore"), "utf8").split("\n");
    for (const entry of [".env", "test/", "docs/*.png", "state/", "node_modules", "client/dist"]) {
      expect(ignored, entry).toContain(entry);
    }
  });

  it("is run by docker-compose.yml with no default secret and on 127.0.0.1 by default", () => {
    const compose = readFileSync(path.join(REPO_ROOT, "docker-compose.yml"), "utf8");
    for (const secret of ["CALLER_ID_KEY", "REDIS_PASSWORD", "POSTGRES_PASSWORD"]) {
      expect(compose).toMatch(new RegExp(`\\$\\{${secret}:\\?`));
      expect(compose).not.toMatch(new RegExp(`\\$\\{${secret}:-`));
    }
    const ports = [...compose.matchAll(/^\s+- "(.*:8111)"$/gm)].map((m) => m[1]);
    // Only the proxy is published; the instances behind it are reached through it.
    expect(ports).toHaveLength(1);
    for (const port of ports) expect(port).toMatch(/^\$\{BIND_ADDRESS:-127\.0\.0\.1\}:/);
    // One image, built once: only one service builds it.
    expect(compose.match(/^\s+build: \./gm)).toHaveLength(1);
    expect(compose.match(/^\s+restart: unless-stopped$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(compose).toContain("--appendonly");
    expect(compose).toContain("postgres:15");
  });
});
