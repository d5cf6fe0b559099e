/**
 * HTTP authentication: finds the principal of a request (a screen token in `Authorization:
 * Bearer`, else the session cookie) for the guards in access.ts to judge. A Bearer token that
 * does not hold makes the request anonymous; it never falls back to the cookie. State-changing
 * requests without a Bearer token must come from a page we serve (Origin checked).
 */
import type { NextFunction, Request, Response } from "express";
import type { AccessService } from "../access/access-service.ts";
import { readCookie, sessionCookie, sessionCookieName } from "../access/cookies.ts";
import { setPrincipal } from "./access.ts";
import { clientAddress, originAllowed, type OriginPolicy, type TrustProxy } from "./origin.ts";

export interface HttpSecurity {
  trustProxy: TrustProxy;
  origins: OriginPolicy;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function addressOf(req: Request, trustProxy: TrustProxy): string | null {
  return clientAddress(req, trustProxy);
}

function bearer(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? "";
}

export function authenticate(access: AccessService, security: HttpSecurity) {
  const cookieName = sessionCookieName(security.trustProxy === "https");
  return (req: Request, res: Response, next: NextFunction): void => {
    const address = addressOf(req, security.trustProxy);
    const token = bearer(req);
    if (token !== null) {
      access.tokenPrincipal(token, address).then((principal) => {
        setPrincipal(res, principal);
        next();
      }, next);
      return;
    }
    if (!SAFE_METHODS.has(req.method) && !requestFromUs(req, security.origins)) {
      res.status(403).json({ error: "cross-site request refused" });
      return;
    }
    const secret = readCookie(req.headers.cookie, cookieName);
    if (secret === null) {
      setPrincipal(res, null);
      return next();
    }
    access.sessionPrincipal(secret, address).then((principal) => {
      // A cookie that no longer opens anything is removed, so the browser stops sending it.
      if (!principal)
        res.append(
          "set-cookie",
          sessionCookie(cookieName, "", { maxAgeSec: 0, secure: security.trustProxy === "https" }),
        );
      setPrincipal(res, principal);
      next();
    }, next);
  };
}

/** A state-changing request without a Bearer token must name an origin we serve. */
function requestFromUs(req: Request, origins: OriginPolicy): boolean {
  return req.headers.origin !== undefined && originAllowed(req.headers, origins);
}
