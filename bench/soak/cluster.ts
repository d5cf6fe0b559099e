/**
 * The soak's moving parts, each a real process: its own Redis (append-only, on a free port, so
 * it can be restarted without touching anyone else's), a PostgreSQL schema of its own for the
 * database of record, and samad-live instances as `npm start` runs them with REDIS_URL set.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A Redis server of the soak's own, persisting to an append-only file it keeps across restarts. */
export class SoakRedis {
  readonly dir = mkdtempSync(path.join(tmpdir(), "samad-soak-redis-"));
  port = 0;
  #child: ChildProcess | null = null;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Idempotent: a second start while it runs would spawn one that fails to bind, and the
   * running one would then be left behind when the soak ends. */
  async start(): Promise<void> {
    const running = this.#child;
    if (running && running.exitCode === null && running.signalCode === null) return;
    if (this.port === 0) this.port = await freePort();
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
      ],
      { stdio: "ignore" },
    );
    this.#child = child;
    await until(() => ping(this.port), 10_000, "redis to answer");
  }

  /** SIGTERM (Redis writes its file and exits), then the same server again on the same port. */
  async restart(downMs: number): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      // Redis refuses to stop while it cannot write its file; the soak must never leave one behind.
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

/** A schema of the soak's own on the real PostgreSQL, dropped at the end. */
export class SoakDatabase {
  readonly schema = `samad_soak_${randomBytes(6).toString("hex")}`;
  readonly env = { DATABASE_URL: PG_URL, DATABASE_SCHEMA: this.schema };

  async drop(): Promise<void> {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(`drop schema if exists "${this.schema}" cascade`);
    } finally {
      await client.end();
    }
  }
}

export interface InstanceEnv {
  /** SWITCH and what goes with it: the simulator's SIM_* settings, or SWITCH_MAP for AMI. */
  switchEnv: Record<string, string>;
  redisUrl: string;
  prefix: string;
  database: Record<string, string>;
}

/** One samad-live server process; it can be killed and started again on the same port. */
export class Instance {
  url = "";
  port = 0;
  #child: ChildProcess | null = null;
  constructor(
    readonly name: string,
    readonly env: InstanceEnv,
    readonly callerIdKey: string,
  ) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        PORT: String(this.port),
        LOG_LEVEL: "warn",
        CLIENT_DIR: "/nonexistent",
        REDIS_URL: this.env.redisUrl,
        REDIS_PREFIX: this.env.prefix,
        CALLER_ID_KEY: this.callerIdKey,
        ...this.env.switchEnv,
        ...this.env.database,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.#child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-20_000);
        const url = /(?:the wall is at |\(CLIENT_DIR\): )(http:\/\/[^\s]+)/.exec(stderr)?.[1];
        if (url) resolve(url);
      });
      child.once("exit", (code) =>
        reject(new Error(`${this.name} exited with ${code}: ${stderr}`)),
      );
    });
    this.port = Number(new URL(this.url).port);
  }

  /** What /readyz says of the lease: "leader", "follower". */
  async lease(): Promise<string | null> {
    if (!this.running) return null;
    const answer = await fetch(`${this.url}/readyz`).catch(() => null);
    const body = (await answer?.json().catch(() => null)) as {
      checks?: { lease?: { detail?: string } };
    } | null;
    return body?.checks?.lease?.detail ?? null;
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  }

  rssMb(): number | null {
    if (!this.pid || !this.running) return null;
    try {
      const kb = Number(execFileSync("ps", ["-o", "rss=", "-p", String(this.pid)]).toString());
      return Math.round((kb / 1024) * 10) / 10;
    } catch {
      return null;
    }
  }
}

/** A viewer token for the screens, made with the operators' command on the soak's database. */
export function screenToken(database: Record<string, string>): string {
  return execFileSync(
    process.execPath,
    ["--import", "tsx", "server/cli/token.ts", "create", "soak-screens", "--role", "viewer"],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...database }, encoding: "utf8" },
  ).trim();
}

export { until };
