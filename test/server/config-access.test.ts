/** The variables of the database of record, sign-in and the proxy in front (server/config.ts). */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, readAccessConfig, readConfig } from "../../server/config.ts";

describe("access configuration", () => {
  it("keeps SQLite under ./state, reached directly, with the documented session limits by default", () => {
    expect(readConfig({}).access).toEqual({
      stateDir: path.resolve(import.meta.dirname, "..", "..", "state"),
      databaseUrl: null,
      databaseSchema: null,
      trustProxy: "none",
      allowedOrigins: [],
      sessionIdleMinutes: 720,
      sessionMaxHours: 168,
      screenIdleDays: 30,
    });
  });

  it("reads every variable it documents", () => {
    expect(
      readAccessConfig({
        STATE_DIR: "/var/lib/samad",
        DATABASE_URL: "postgres://samad:secret@db:5432/samad",
        DATABASE_SCHEMA: "live_1",
        TRUST_PROXY: "https",
        ALLOWED_ORIGINS: "https://wall.example.org, http://10.0.0.5:8111",
        SESSION_IDLE_MINUTES: "60",
        SESSION_MAX_HOURS: "12",
        SCREEN_IDLE_DAYS: "7",
      }),
    ).toEqual({
      stateDir: "/var/lib/samad",
      databaseUrl: "postgres://samad:secret@db:5432/samad",
      databaseSchema: "live_1",
      trustProxy: "https",
      allowedOrigins: ["https://wall.example.org", "http://10.0.0.5:8111"],
      sessionIdleMinutes: 60,
      sessionMaxHours: 12,
      screenIdleDays: 7,
    });
  });

  it.each([
    [
      { DATABASE_URL: "mysql://db/samad" },
      /^DATABASE_URL must be postgres:\/\/.*; got "\(not a postgres:\/\/ URL\)"$/,
    ],
    [{ TRUST_PROXY: "yes" }, /^TRUST_PROXY must be none, http or https; got "yes"$/],
    [{ ALLOWED_ORIGINS: "wall.example.org" }, /^ALLOWED_ORIGINS must be a comma-separated list/],
    [{ DATABASE_SCHEMA: "Drop Table" }, /^DATABASE_SCHEMA must be a lower-case identifier/],
    [{ SESSION_IDLE_MINUTES: "0" }, /^SESSION_IDLE_MINUTES must be a whole number from 5 to 43200/],
  ])("refuses %o, naming the variable and the form", (env, message) => {
    expect(() => readAccessConfig(env)).toThrow(ConfigError);
    expect(() => readAccessConfig(env)).toThrow(message);
  });

  it("never echoes a database password", () => {
    expect(() => readAccessConfig({ DATABASE_URL: "mysql://u:hunter2@db/x" })).toThrow(
      /^(?!.*hunter2)/,
    );
  });
});
