/** The wall over REST: the snapshot as JSON (docs/api.md), the reference names, and the page. */
import express, { type Router } from "express";
import type { PublicReference, Reference, Thresholds } from "../../../shared/reference.ts";
import type { Snapshot } from "../../../shared/snapshot.ts";
import type { AccessService } from "../../access/access-service.ts";
import { sessionCookie, sessionCookieName } from "../../access/cookies.ts";
import { principalOf, requirePagePermission, requirePermission } from "../../gateway/access.ts";
import { addressOf, type HttpSecurity } from "../../gateway/authenticate.ts";
import { sendPage } from "../../gateway/pages.ts";
import type { UnmappedMembers } from "./unmapped-members.ts";

export const THRESHOLDS_ROUTE = "/api/v1/thresholds";

export interface WallRoutesDeps {
  snapshot: () => Snapshot;
  /** Every threshold of the wall (data/thresholds.json): the wall draws its legend from them. */
  thresholds: Thresholds;
  reference: Reference;
  unmapped: UnmappedMembers;
  access: AccessService;
  security: HttpSecurity;
  clientDir: string;
}

/** The reference data a browser needs to name things; schedules and switch names stay here. */
function publicReference(reference: Reference): PublicReference {
  return {
    counties: reference.counties,
    agencies: reference.agencies,
    lines: reference.lines,
    officials: reference.officials.map(({ switchNames: _hidden, ...official }) => official),
  };
}

export function wallRoutes(deps: WallRoutesDeps): Router {
  const router = express.Router();
  router.get("/api/v1/snapshot", requirePermission("wall:read"), (_req, res) => {
    const role = principalOf(res)?.role ?? "viewer";
    res.set("cache-control", "no-store").json(deps.unmapped.snapshotFor(role, deps.snapshot()));
  });
  router.get(THRESHOLDS_ROUTE, requirePermission("wall:read"), (_req, res) => {
    res.json(deps.thresholds);
  });
  const reference = publicReference(deps.reference);
  router.get("/api/v1/reference", requirePermission("wall:read"), (_req, res) => {
    res.json(reference);
  });
  router.get(
    "/",
    exchangeScreenToken(deps),
    requirePagePermission("wall:read"),
    sendPage(deps.clientDir, "index.html"),
  );
  return router;
}

/**
 * `/?token=TOKEN&kiosk=1`: a wall screen's link. The token is exchanged for a session cookie and
 * the screen sent to the same address without it, so it stays in no address bar, history or
 * Referer. A token that does not hold leads to the sign-in page, which says so.
 */
function exchangeScreenToken(deps: WallRoutesDeps) {
  const secure = deps.security.trustProxy === "https";
  return (req: express.Request, res: express.Response, next: express.NextFunction): void => {
    const url = new URL(req.originalUrl, "http://local");
    const token = url.searchParams.get("token");
    if (token === null) return next();
    url.searchParams.delete("token");
    const rest = `${url.pathname}${url.search}`;
    deps.access.exchangeToken(token, addressOf(req, deps.security.trustProxy)).then((issued) => {
      res.set("cache-control", "no-store");
      if (!issued) {
        res.redirect(303, `/login?reason=screen&next=${encodeURIComponent(rest)}`);
        return;
      }
      res.append(
        "set-cookie",
        sessionCookie(sessionCookieName(secure), issued.secret, {
          maxAgeSec: issued.cookieMaxAgeSec,
          secure,
        }),
      );
      res.redirect(303, rest);
    }, next);
  };
}
