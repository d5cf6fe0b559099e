/**
 * The one place that says who may do what: the permission table, and the guards every route and
 * socket handler passes. Each guard carries its rule, so the allow/deny test reads the rule of
 * every route from the Express router itself and of every socket event from the handler
 * registry; a route or event added without a rule fails that test.
 */
import type { NextFunction, Request, Response } from "express";
import type { Principal } from "../access/principal.ts";
import type { Role } from "../../shared/wire.ts";

export type Permission =
  /** The wall: live snapshot, deltas, reference names. */
  | "wall:read"
  /** The server's health on the wall's strip (the probes /healthz and /readyz are public). */
  | "health:read"
  /** Inspection pages, exports, and reading the audit trail. */
  | "inspect:read"
  /** Control of lines on the switch: pause, resume, move officials. */
  | "switch:command"
  /** Publishing and changing sessions' schedules. */
  | "schedule:write"
  /** Accounts, screen tokens and alert thresholds. */
  | "accounts:manage"
  /** The switch names of members the reference data does not map (they can be people's names). */
  | "mapping:read";

export const PERMISSIONS: readonly Permission[] = [
  "wall:read",
  "health:read",
  "inspect:read",
  "switch:command",
  "schedule:write",
  "accounts:manage",
  "mapping:read",
];

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ["wall:read", "health:read"],
  inspector: ["wall:read", "health:read", "inspect:read"],
  "shift-lead": ["wall:read", "health:read", "switch:command"],
  admin: PERMISSIONS,
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return [...GRANTS[role]];
}

/** What a route asks of its caller. */
export type Rule =
  | { kind: "public" }
  /** Any principal, whatever its role (its own session, sign-out). */
  | { kind: "signed-in" }
  | { kind: "permission"; permission: Permission };

/** Guards carry their rule under this key; the allow/deny test reads it from the router. */
export const RULE = Symbol("samad-live access rule");

export type Guard = ((req: Request, res: Response, next: NextFunction) => void) & {
  [RULE]: Rule;
  /** A page: anonymous callers are sent to sign in rather than answered 401. */
  page: boolean;
};

/** The principal the authentication middleware found for this request, or null. */
export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}

export function setPrincipal(res: Response, principal: Principal | null): void {
  res.locals.principal = principal;
}

/** The rule's verdict for a principal: allowed, 401 (who are you?) or 403 (not you). */
export function verdict(rule: Rule, principal: Principal | null): "allow" | 401 | 403 {
  if (rule.kind === "public") return "allow";
  if (!principal) return 401;
  if (rule.kind === "signed-in") return "allow";
  return can(principal.role, rule.permission) ? "allow" : 403;
}

function guard(rule: Rule, page: boolean): Guard {
  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    const answer = verdict(rule, principalOf(res));
    if (answer === "allow") return next();
    if (page && answer === 401) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (page) {
      res.status(403).type("text/plain; charset=utf-8").send("دسترسی ندارید — not permitted\n");
      return;
    }
    res
      .status(answer)
      .json({ error: answer === 401 ? "sign in first" : `not permitted: ${describe(rule)}` });
  };
  return Object.assign(middleware, { [RULE]: rule, page });
}

function describe(rule: Rule): string {
  return rule.kind === "permission" ? rule.permission : rule.kind;
}

/** Anyone, signed in or not: the probes, sign-in and setup. */
export const publicRoute = (): Guard => guard({ kind: "public" }, false);
export const publicPage = (): Guard => guard({ kind: "public" }, true);
export const signedIn = (): Guard => guard({ kind: "signed-in" }, false);
/** 401 JSON without credentials, 403 JSON without the permission. */
export const requirePermission = (permission: Permission): Guard =>
  guard({ kind: "permission", permission }, false);
/** A page: anonymous callers are redirected to sign in; others without the permission get 403. */
export const requirePagePermission = (permission: Permission): Guard =>
  guard({ kind: "permission", permission }, true);
