/**
 * The admin page's API: accounts (list, add, disable/enable, new password) and screen tokens
 * (list with last-seen time and address, create — the token is in that answer only — revoke).
 * All need accounts:manage; every change goes to the audit trail.
 */
import express, { type Request, type Response, type Router } from "express";
import { AccountAdmin, AdminError, type AdminErrorCode } from "../../access/account-admin.ts";
import { actorOf } from "../../access/audit-trail.ts";
import type { Principal } from "../../access/principal.ts";
import type { ScreenToken } from "../../access/screen-tokens.ts";
import { principalOf, requirePagePermission, requirePermission } from "../../gateway/access.ts";
import { addressOf, type HttpSecurity } from "../../gateway/authenticate.ts";
import { sendPage } from "../../gateway/pages.ts";

const STATUS: Record<AdminErrorCode, number> = {
  "bad-name": 400,
  "bad-role": 400,
  "password-too-short": 400,
  "password-too-long": 400,
  exists: 409,
  "not-found": 404,
  "last-admin": 409,
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function screenView(screen: ScreenToken) {
  return {
    name: screen.name,
    role: screen.role,
    createdAt: iso(screen.createdAt),
    createdBy: screen.createdBy,
    lastSeenAt: iso(screen.lastSeenAt),
    lastSeenAddress: screen.lastSeenAddress,
    revokedAt: iso(screen.revokedAt),
  };
}

export function adminRoutes(deps: {
  admin: AccountAdmin;
  security: HttpSecurity;
  clientDir: string;
}): Router {
  const router = express.Router();
  const manage = requirePermission("accounts:manage");
  const who = (req: Request, res: Response) => ({
    actor: actorOf(principalOf(res) as Principal),
    address: addressOf(req, deps.security.trustProxy),
  });
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
  const failed = (res: Response, error: unknown): void => {
    if (!(error instanceof AdminError)) throw error;
    res.status(STATUS[error.code]).json({ error: error.code, message: error.message });
  };

  router.get("/api/v1/accounts", manage, async (_req, res) => {
    const accounts = await deps.admin.listAccounts();
    res.set("cache-control", "no-store").json(
      accounts.map((a) => ({
        ...a,
        lockedUntil: iso(a.lockedUntil),
        createdAt: iso(a.createdAt),
        updatedAt: iso(a.updatedAt),
      })),
    );
  });
  router.post("/api/v1/accounts", manage, async (req, res) => {
    const { actor, address } = who(req, res);
    const { name, role, password } = body(req);
    await deps.admin.addAccount({ name, role, password }, actor, address).then(
      (account) => res.status(201).json(account),
      (error: unknown) => failed(res, error),
    );
  });
  router.patch("/api/v1/accounts/:name", manage, async (req, res) => {
    const { actor, address } = who(req, res);
    const disabled = body(req).disabled;
    if (typeof disabled !== "boolean") {
      res.status(400).json({ error: "bad-request", message: "send {disabled: true|false}" });
      return;
    }
    await deps.admin.setDisabled(req.params.name, disabled, actor, address).then(
      (account) => res.json(account),
      (error: unknown) => failed(res, error),
    );
  });
  router.put("/api/v1/accounts/:name/password", manage, async (req, res) => {
    const { actor, address } = who(req, res);
    await deps.admin.setPassword(req.params.name, body(req).password, actor, address).then(
      () => res.status(204).end(),
      (error: unknown) => failed(res, error),
    );
  });

  router.get("/api/v1/screens", manage, async (_req, res) => {
    res.set("cache-control", "no-store").json((await deps.admin.listTokens()).map(screenView));
  });
  router.post("/api/v1/screens", manage, async (req, res) => {
    const { actor, address } = who(req, res);
    const { name, role } = body(req);
    await deps.admin.createToken({ name, role }, actor, address).then(
      ({ token, screen }) =>
        res
          .status(201)
          .set("cache-control", "no-store")
          .json({ token, screen: screenView(screen) }),
      (error: unknown) => failed(res, error),
    );
  });
  router.delete("/api/v1/screens/:name", manage, async (req, res) => {
    const { actor, address } = who(req, res);
    await deps.admin.revokeToken(req.params.name, actor, address).then(
      () => res.status(204).end(),
      (error: unknown) => failed(res, error),
    );
  });

  router.get(
    "/admin",
    requirePagePermission("accounts:manage"),
    sendPage(deps.clientDir, "admin.html"),
  );
  return router;
}
