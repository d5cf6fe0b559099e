/** The server's structured logger. Each module logs under its own tag (`log.child({ tag })`). */
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(options: {
  level: string;
  destination?: NodeJS.WritableStream;
}): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: {
        // Credentials and caller numbers are never written to a log line.
        paths: ["secret", "password", "*.secret", "*.password", "callerNumber", "*.callerNumber"],
        censor: "[redacted]",
      },
    },
    options.destination ?? process.stdout,
  );
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
