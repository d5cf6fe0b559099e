import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../server/config.ts";

describe("configuration", () => {
  it("runs the simulator on the embedded bus at 127.0.0.1:8111 when nothing is set", () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      port: 8111,
      host: "127.0.0.1",
      redisUrl: null,
      switch: { kind: "simulator" },
      simSeed: 1111,
      simSpeed: 10,
      simSkipIdle: true,
      historyRetentionDays: 400,
    });
  });

  it("reads every variable it documents", () => {
    const config = readConfig({
      PORT: "9000",
      HOST: "0.0.0.0",
      REDIS_URL: "redis://127.0.0.1:6379/2",
      REDIS_PREFIX: "test:",
      SWITCH: "queuelog:/var/log/asterisk/queue_log",
      SIM_SEED: "7",
      SIM_SPEED: "2.5",
      SIM_START: "2026-11-29T08:00:00+03:30",
      SIM_SKIP_IDLE: "false",
      LOG_LEVEL: "warn",
      HISTORY_RETENTION_DAYS: "90",
    });
    expect(config).toMatchObject({
      port: 9000,
      host: "0.0.0.0",
      redisUrl: "redis://127.0.0.1:6379/2",
      redisPrefix: "test:",
      switch: { kind: "queuelog", path: "/var/log/asterisk/queue_log" },
      simSeed: 7,
      simSpeed: 2.5,
      simStart: Date.parse("2026-11-29T04:30:00Z"),
      simSkipIdle: false,
      logLevel: "warn",
      historyRetentionDays: 90,
    });
  });

  it.each([
    ["PORT", "eighty", /PORT must be a whole number from 0 to 65535; got "eighty"/],
    ["PORT", "70000", /PORT must be a whole number/],
    ["SIM_SPEED", "0", /SIM_SPEED must be a number from 0.1 to 1000/],
    ["SIM_SEED", "1.5", /SIM_SEED must be a whole number/],
    ["SIM_SKIP_IDLE", "maybe", /SIM_SKIP_IDLE must be true or false/],
    ["SIM_START", "yesterday", /SIM_START must be now or an ISO time/],
    ["REDIS_URL", "localhost:6379", /REDIS_URL must be redis:\/\/\[:PASSWORD@\]HOST:PORT/],
    [
      "SWITCH",
      "sip://x",
      /SWITCH must be simulator, none, ami:\/\/USER:SECRET@HOST:PORT or queuelog:PATH/,
    ],
    ["LOG_LEVEL", "loud", /LOG_LEVEL must be one of/],
    ["HISTORY_RETENTION_DAYS", "0", /HISTORY_RETENTION_DAYS must be a whole number from 1 to 3650/],
    ["CALLER_ID_KEY", "x7Kq2pZ", /CALLER_ID_KEY must be a random secret .*; got "\(too short\)"/],
    // docker-compose.yml's value before it took the secret from .env
    ["CALLER_ID_KEY", "change-me-to-a-long-random-secret", /CALLER_ID_KEY .*placeholder/],
    ["CALLER_ID_KEY", "my-caller-id-secret-2026", /CALLER_ID_KEY .*placeholder/],
    ["CALLER_ID_KEY", "Password1234567890", /CALLER_ID_KEY .*placeholder/],
    ["CALLER_ID_KEY", "aaaaaaaaaaaaaaaaaaaaaaaa", /CALLER_ID_KEY .*placeholder/],
    ["CALLER_ID_KEY", "abababababababababab", /CALLER_ID_KEY .*placeholder/],
    ["CALLER_ID_KEY", "abcdefghijklmnopqrstu", /CALLER_ID_KEY .*placeholder/],
    ["CALLER_ID_KEY", "12345678901234567890", /CALLER_ID_KEY .*placeholder/],
  ])("stops on %s=%s with a message naming it", (name, value, message) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(message);
  });

  it("takes a random CALLER_ID_KEY, and never repeats one it refuses", () => {
    const key = "9f86d081884c7d659a2feaa0c55ad015";
    expect(readConfig({ CALLER_ID_KEY: key }).callerIdKey).toBe(key);
    expect(() => readConfig({ CALLER_ID_KEY: "change-me-please-now" })).toThrow(
      /^(?!.*change-me-please-now)/,
    );
  });

  it("reads a Redis URL with a password, a database number or TLS, and never echoes it", () => {
    for (const url of ["redis://:p4ss@redis.internal:6380/3", "rediss://user:p4ss@redis:6379"]) {
      expect(readConfig({ REDIS_URL: url }).redisUrl).toBe(url);
    }
    expect(() => readConfig({ REDIS_URL: "http://:p4ss@redis" })).toThrow(
      /^REDIS_URL must be redis:\/\/\[:PASSWORD@\]HOST:PORT\[\/DB\] or rediss:\/\/…(?!.*p4ss)/,
    );
  });

  it("never repeats the switch's secret in an error", () => {
    try {
      readConfig({ SWITCH: "ami://dashboard:s3cret-value@" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain("s3cret-value");
      expect((error as Error).message).toContain("SWITCH");
    }
  });
});
