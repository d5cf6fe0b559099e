/**
 * What a request that goes wrong gets: a plain answer and one structured log line, never a stack
 * or an install path. A URL that does not decode (`/%ff`) is refused before any route sees it.
 */
import type { NextFunction, Request, Response } from "express";
import type { Counters } from "../counters.ts";
import type { Logger } from "../log.ts";

/** The path as it may go into a log line: short, and printable ASCII only. */
function loggable(url: string): string {
  return url
    .split("?")[0]!
    .slice(0, 200)
    .replace(/[^\x21-\x7e]/g, "?");
}

export function refuseMalformedUrls(log: Logger, counters: Counters) {
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      decodeURIComponent(req.path);
    } catch {
      counters.increment("http.malformed-url");
      log.warn(
        { method: req.method, path: loggable(req.originalUrl), status: 400 },
        "malformed URL",
      );
      res.status(400).type("text/plain; charset=utf-8").send("bad request\n");
      return;
    }
    next();
  };
}

/** The last handler: 4xx from parsers keep their status, anything else is a 500; one log line. */
export function errorHandler(log: Logger, counters: Counters) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const status = (error as { status?: unknown }).status;
    const code = typeof status === "number" && status >= 400 && status < 500 ? status : 500;
    counters.increment(code === 500 ? "http.errors" : "http.bad-requests");
    const line = {
      method: req.method,
      path: loggable(req.originalUrl),
      status: code,
      err: (error as Error)?.message,
    };
    if (code === 500) log.error(line, "request failed");
    else log.warn(line, "bad request");
    if (res.headersSent) return;
    const text = code === 500 ? "internal error" : "bad request";
    if (req.path.startsWith("/api/")) res.status(code).json({ error: text });
    else res.status(code).type("text/plain; charset=utf-8").send(`${text}\n`);
  };
}
