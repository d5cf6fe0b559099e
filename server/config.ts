/**
 * Configuration, read once from the environment by server/main.ts and validated. A wrong value
 * stops the start with a message that names the variable and the form it expects. The README's
 * configuration table lists the same variables.
 */
import path from "node:path";
import type { LiveLimits } from "../shared/live-types.ts";

export type SwitchSetting =
  | { kind: "simulator" }
  | { kind: "none" }
  | { kind: "ami"; url: string }
  | { kind: "queuelog"; path: string };

export interface Config {
  /** @default 8111 */
  port: number;
  /** @default "127.0.0.1" */
  host: string;
  /** Unset: the embedded in-process bus. */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel this server uses. @default "samad:" */
  redisPrefix: string;
  /** @default simulator */
  switch: SwitchSetting;
  /** @default 1111 */
  simSeed: number;
  /** Simulated seconds per wall-clock second. @default 10 */
  simSpeed: number;
  /** Where the simulated clock starts; null: the next working-day morning in Tehran. */
  simStart: number | null;
  /** Jump over nights and weekends when no session is on. @default true */
  simSkipIdle: boolean;
  /** @default "<repo>/data" */
  dataDir: string;
  /** @default "<repo>/client/dist" */
  clientDir: string;
  /** Switch queue and member names → lines and officials. @default "<dataDir>/switch-map.json" */
  switchMapFile: string;
  /** Secret for the pseudonyms that replace caller numbers; null: a random one per process. */
  callerIdKey: string | null;
  /** @default "info" */
  logLevel: string;
  /** What one event may do, judged against the switch clock (docs/events.md). */
  limits: LiveLimits;
  /** How long the Redis event log keeps entries. @default 48 hours */
  eventLogRetentionMs: number;
  /** Days the inspection history keeps its intervals, calls and presence. @default 400 */
  historyRetentionDays: number;
  /** The database of record, sign-in and how the server is reached (readAccessConfig). */
  access: AccessConfig;
}

export interface AccessConfig {
  /** Where the SQLite database lives when DATABASE_URL is unset. @default "<repo>/state" */
  stateDir: string;
  /** PostgreSQL URL; null: SQLite under stateDir. */
  databaseUrl: string | null;
  /** PostgreSQL schema for every table; null: the server's default. */
  databaseSchema: string | null;
  /** Behind a reverse proxy: "http" or "https" (cookies get Secure); "none": reached directly. */
  trustProxy: "none" | "http" | "https";
  /** Origins besides the server's own host that may use it from a browser. */
  allowedOrigins: string[];
  /** @default 720 */
  sessionIdleMinutes: number;
  /** @default 168 */
  sessionMaxHours: number;
  /** @default 30 */
  screenIdleDays: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const REPO_ROOT = path.resolve(import.meta.dirname, "..");
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

type Env = Record<string, string | undefined>;

function fail(variable: string, expected: string, got: string): never {
  throw new ConfigError(`${variable} must be ${expected}; got "${got}"`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    fail(name, `a whole number from ${min} to ${max}`, raw);
  }
  return value;
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    fail(name, `a number from ${min} to ${max}`, raw);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  return fail(name, "true or false", raw);
}

function switchSetting(raw: string | undefined): SwitchSetting {
  const value = raw?.trim() ?? "";
  if (value === "" || value === "simulator") return { kind: "simulator" };
  if (value === "none") return { kind: "none" };
  if (value.startsWith("queuelog:") && value.length > "queuelog:".length) {
    return { kind: "queuelog", path: value.slice("queuelog:".length) };
  }
  if (value.startsWith("ami://")) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return fail("SWITCH", "ami://USER:SECRET@HOST:PORT", "ami://…");
    }
    if (!url.username || !url.password || !url.hostname) {
      // Never echo the value: it holds the switch's secret.
      return fail("SWITCH", "ami://USER:SECRET@HOST:PORT with user, secret and host", "ami://…");
    }
    return { kind: "ami", url: value };
  }
  return fail("SWITCH", "simulator, none, ami://USER:SECRET@HOST:PORT or queuelog:PATH", value);
}

function redisUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (!/^rediss?:\/\/[^\s]+$/.test(value)) {
    // Never echo the value: it may hold the password.
    fail(
      "REDIS_URL",
      "redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://… (TLS)",
      "(not a redis URL)",
    );
  }
  return value;
}

/** Words that mark an example value or a stand-in for "set me", wherever they appear. */
const PLACEHOLDER_WORDS = ["changeme", "placeholder", "example", "replaceme", "secret", "password"];
/** Fewer different characters than this is a pattern, not a secret ("aaaa…", "abab…"). */
const MIN_DISTINCT_CHARACTERS = 6;

/**
 * The pseudonym secret: unset (a random one per process), or a real secret. A known placeholder
 * (docker-compose.yml once shipped one), a pattern or a short value would make the pseudonyms of
 * caller numbers guessable, so the start refuses them.
 */
function callerIdKey(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const letters = value.toLowerCase().replace(/[^a-z0-9]/g, "");
  const placeholder =
    PLACEHOLDER_WORDS.some((word) => letters.includes(word)) ||
    new Set(value).size < MIN_DISTINCT_CHARACTERS ||
    isRun(value);
  const form = "a random secret of at least 16 characters (e.g. openssl rand -hex 32)";
  if (placeholder) fail("CALLER_ID_KEY", form, "(a placeholder or a pattern)");
  if (value.length < 16) fail("CALLER_ID_KEY", form, "(too short)");
  return value;
}

/** "abcdefgh…", "12345678…", "zyxw…": mostly neighbours in character order. */
function isRun(value: string): boolean {
  let steps = 0;
  for (let i = 1; i < value.length; i += 1) {
    if (Math.abs(value.charCodeAt(i) - value.charCodeAt(i - 1)) === 1) steps += 1;
  }
  return steps * 2 > value.length - 1;
}

function simStart(raw: string | undefined): number | null {
  const value = raw?.trim();
  if (!value) return null;
  if (value === "now") return Date.now();
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) {
    fail("SIM_START", "now or an ISO time such as 2026-11-29T08:00:00+03:30", value);
  }
  return ms;
}

function host(raw: string | undefined): string {
  const value = raw?.trim() || "127.0.0.1";
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) fail("HOST", "a host name or IP address", value);
  return value;
}

export function readConfig(env: Env): Config {
  const logLevel = env.LOG_LEVEL?.trim() || "info";
  if (!LOG_LEVELS.includes(logLevel))
    fail("LOG_LEVEL", `one of ${LOG_LEVELS.join(", ")}`, logLevel);
  const prefix = env.REDIS_PREFIX?.trim() || "samad:";
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(prefix)) {
    fail("REDIS_PREFIX", "1–64 letters, digits or : _ . -", prefix);
  }
  const dataDir = path.resolve(env.DATA_DIR?.trim() || path.join(REPO_ROOT, "data"));
  return {
    port: integer(env, "PORT", 8111, 0, 65535),
    host: host(env.HOST),
    redisUrl: redisUrl(env.REDIS_URL),
    redisPrefix: prefix,
    switch: switchSetting(env.SWITCH),
    simSeed: integer(env, "SIM_SEED", 1111, 0, 2 ** 31 - 1),
    simSpeed: decimal(env, "SIM_SPEED", 10, 0.1, 1000),
    simStart: simStart(env.SIM_START),
    simSkipIdle: boolean(env, "SIM_SKIP_IDLE", true),
    dataDir,
    switchMapFile: path.resolve(env.SWITCH_MAP?.trim() || path.join(dataDir, "switch-map.json")),
    clientDir: path.resolve(env.CLIENT_DIR?.trim() || path.join(REPO_ROOT, "client", "dist")),
    callerIdKey: callerIdKey(env.CALLER_ID_KEY),
    logLevel,
    limits: {
      maxAheadMs: integer(env, "EVENT_MAX_AHEAD_SEC", 120, 1, 86_400) * 1000,
      maxBehindMs: integer(env, "EVENT_MAX_BEHIND_SEC", 7_200, 60, 7 * 86_400) * 1000,
      maxWaitMs: integer(env, "CALL_MAX_WAIT_SEC", 7_200, 60, 86_400) * 1000,
      maxTalkMs: integer(env, "CALL_MAX_TALK_SEC", 14_400, 60, 86_400) * 1000,
      durationToleranceSec: 5,
    },
    eventLogRetentionMs: integer(env, "EVENT_LOG_RETENTION_HOURS", 48, 1, 24 * 90) * 3_600_000,
    historyRetentionDays: integer(env, "HISTORY_RETENTION_DAYS", 400, 1, 3_650),
    access: readAccessConfig(env),
  };
}

function databaseUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (!/^postgres(ql)?:\/\/[^\s]+$/.test(value)) {
    // Never echo the value: it may hold a password.
    fail(
      "DATABASE_URL",
      "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE",
      "(not a postgres:// URL)",
    );
  }
  return value;
}

function allowedOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(origin)) {
      fail(
        "ALLOWED_ORIGINS",
        "a comma-separated list of origins such as https://wall.example.org",
        origin,
      );
    }
  }
  return origins;
}

export function readAccessConfig(env: Env): AccessConfig {
  const trustProxy = env.TRUST_PROXY?.trim().toLowerCase() || "none";
  if (trustProxy !== "none" && trustProxy !== "http" && trustProxy !== "https") {
    fail("TRUST_PROXY", "none, http or https", trustProxy);
  }
  const schema = env.DATABASE_SCHEMA?.trim() || null;
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    fail("DATABASE_SCHEMA", "a lower-case identifier (letters, digits, _)", schema);
  }
  return {
    stateDir: path.resolve(env.STATE_DIR?.trim() || path.join(REPO_ROOT, "state")),
    databaseUrl: databaseUrl(env.DATABASE_URL),
    databaseSchema: schema,
    trustProxy,
    allowedOrigins: allowedOrigins(env.ALLOWED_ORIGINS),
    sessionIdleMinutes: integer(env, "SESSION_IDLE_MINUTES", 720, 5, 60 * 24 * 30),
    sessionMaxHours: integer(env, "SESSION_MAX_HOURS", 168, 1, 24 * 90),
    screenIdleDays: integer(env, "SCREEN_IDLE_DAYS", 30, 1, 400),
  };
}
