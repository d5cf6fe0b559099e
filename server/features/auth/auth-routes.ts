/**
 * Signing in and out, the first admin's setup, and their pages. Sign-in and setup are rate
 * limited per address (here) and per account (lock-out, server/access/sign-in.ts); their answers
 * never say whether an account exists.
 */
import express, { type Request, type Response, type Router } from "express";
import { rateLimit } from "express-rate-limit";
import type { AccessService, IssuedSession } from "../../access/access-service.ts";
import { sessionCookie, sessionCookieName } from "../../access/cookies.ts";
import type { Principal } from "../../access/principal.ts";
import type { Setup } from "../../access/setup.ts";
import type { SignIn } from "../../access/sign-in.ts";
import {
  permissionsOf,
  principalOf,
  publicPage,
  publicRoute,
  signedIn,
} from "../../gateway/access.ts";
import { addressOf, type HttpSecurity } from "../../gateway/authenticate.ts";
import { sendPage } from "../../gateway/pages.ts";

export interface AuthRoutesDeps {
  access: AccessService;
  signIn: SignIn;
  setup: Setup;
  security: HttpSecurity;
  clientDir: string;
  /** Sign-in and setup requests allowed per address and window. @default 30 per 15 min */
  addressLimit?: { limit: number; windowMs: number };
}

/** Who is signed in, as the pages need it to hide what the role cannot do. */
export function whoIs(principal: Principal) {
  return {
    kind: principal.kind,
    name: principal.name,
    role: principal.role,
    permissions: permissionsOf(principal.role),
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function authRoutes(deps: AuthRoutesDeps): Router {
  const router = express.Router();
  const secure = deps.security.trustProxy === "https";
  const cookieName = sessionCookieName(secure);
  const address = (req: Request) => addressOf(req, deps.security.trustProxy);
  const setCookie = (res: Response, issued: IssuedSession) =>
    res.append(
      "set-cookie",
      sessionCookie(cookieName, issued.secret, { maxAgeSec: issued.cookieMaxAgeSec, secure }),
    );
  const perAddress = rateLimit({
    windowMs: deps.addressLimit?.windowMs ?? 15 * 60_000,
    limit: deps.addressLimit?.limit ?? 30,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res, _next, options) => {
      res
        .status(429)
        .json({ error: "too many attempts", retryAfterSec: Math.ceil(options.windowMs / 1000) });
    },
  });

  router.post("/api/v1/session", publicRoute(), perAddress, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await deps.signIn.signIn(text(body.name), text(body.password), address(req));
    if (result.ok) {
      setCookie(res, result);
      res.status(200).json(whoIs(result.principal));
    } else if (result.reason === "locked") {
      res
        .set("retry-after", String(result.retryAfterSec))
        .status(429)
        .json({ error: "locked", retryAfterSec: result.retryAfterSec });
    } else {
      res.status(401).json({ error: "invalid name or password" });
    }
  });

  router.get("/api/v1/session", signedIn(), (_req, res) => {
    res.set("cache-control", "no-store").json(whoIs(principalOf(res) as Principal));
  });

  router.delete("/api/v1/session", signedIn(), async (req, res) => {
    await deps.access.signOut(principalOf(res) as Principal, address(req));
    res.append("set-cookie", sessionCookie(cookieName, "", { maxAgeSec: 0, secure }));
    res.status(204).end();
  });

  router.get("/api/v1/setup", publicRoute(), perAddress, async (req, res) => {
    res.set("cache-control", "no-store").json({ open: await deps.setup.isOpen(req.query.code) });
  });

  router.post("/api/v1/setup", publicRoute(), perAddress, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await deps.setup.complete(body.code, body.name, body.password, address(req));
    if (result.ok) {
      setCookie(res, result);
      res.status(201).json(whoIs(result.principal));
    } else {
      res.status(result.reason === "invalid-code" ? 403 : 400).json({ error: result.reason });
    }
  });

  router.get("/login", publicPage(), sendPage(deps.clientDir, "login.html"));
  router.get("/setup", publicPage(), sendPage(deps.clientDir, "setup.html"));
  return router;
}
