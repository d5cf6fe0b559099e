/**
 * The built client's pages (one HTML entry each, Vite's multi-page build) and their assets. Assets
 * are code, styles and fonts, public like the sign-in page that needs them; data is only ever
 * in the API and on the socket, behind the guards.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Request, type Response, type Router } from "express";

export type PageFile =
  | "index.html"
  | "login.html"
  | "setup.html"
  | "admin.html"
  | "inspection.html"
  | "inspection-week.html"
  | "control.html"
  | "audit.html";

/** Whether the client was built (tests without a browser run without it). */
export function clientBuilt(clientDir: string): boolean {
  return existsSync(path.join(clientDir, "index.html"));
}

export function sendPage(clientDir: string, file: PageFile) {
  return (_req: Request, res: Response): void => {
    const full = path.join(clientDir, file);
    if (!existsSync(full)) {
      res.status(404).type("text/plain; charset=utf-8").send("this page is not built\n");
      return;
    }
    res.set("cache-control", "no-cache").sendFile(full);
  };
}

/** Hashed file names never change content: cache them for a year. */
export function assets(clientDir: string): Router {
  const router = express.Router();
  router.use(
    "/assets",
    express.static(path.join(clientDir, "assets"), {
      index: false,
      immutable: true,
      maxAge: "365d",
      fallthrough: true,
    }),
  );
  return router;
}
