/**
 * The HTTP side, assembled: security headers, public assets, authentication, then each feature's
 * routes (each route carries its own guard from access.ts), and plain answers for what matches
 * nothing or goes wrong.
 */
import express, { type Express, type Router } from "express";
import type { AccessService } from "../access/access-service.ts";
import type { Counters } from "../counters.ts";
import type { Logger } from "../log.ts";
import { principalOf } from "./access.ts";
import { authenticate, type HttpSecurity } from "./authenticate.ts";
import { errorHandler, refuseMalformedUrls } from "./errors.ts";
import { assets } from "./pages.ts";
import { securityHeaders } from "./security-headers.ts";

export interface HttpAppDeps {
  /** Each feature's routes, mounted at the root in this order. */
  routers: readonly Router[];
  access: AccessService;
  security: HttpSecurity;
  /** The built client; pages answer 404 where it is missing. */
  clientDir: string;
  log: Logger;
  counters: Counters;
}

export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("trust proxy", deps.security.trustProxy === "none" ? false : 1);

  app.use(refuseMalformedUrls(deps.log, deps.counters));
  app.use(
    securityHeaders({ clientDir: deps.clientDir, https: deps.security.trustProxy === "https" }),
  );
  app.use(assets(deps.clientDir));
  app.use(authenticate(deps.access, deps.security));
  app.use(express.json({ limit: "16kb" }));
  for (const router of deps.routers) app.use(router);

  app.use("/api", (_req, res) => {
    // Anonymous callers learn nothing about which routes exist.
    if (principalOf(res)) res.status(404).json({ error: "no such API route" });
    else res.status(401).json({ error: "sign in first" });
  });
  app.use((_req, res) => {
    res.status(404).type("text/plain; charset=utf-8").send("not found\n");
  });
  app.use(errorHandler(deps.log, deps.counters));
  return app;
}
