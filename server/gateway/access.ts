/**
 * The one place where every route and socket handler asks whether it may act. Today every visitor
 * is a viewer of the wall; sign-in, roles and display tokens will decide here, and only here.
 */
import type { NextFunction, Request, Response } from "express";
import type { Ack, Role } from "../../shared/wire.ts";

export type Permission = "wall:read" | "health:read" | "switch:command";

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ["wall:read", "health:read"],
  inspector: ["wall:read", "health:read"],
  "shift-lead": ["wall:read", "health:read", "switch:command"],
  admin: ["wall:read", "health:read", "switch:command"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Who a request or socket handshake is; until sign-in exists, everyone is a viewer. */
export function roleOf(_credentials: { headers: Record<string, unknown> }): Role {
  return "viewer";
}

/** Express middleware: 403 unless the caller's role grants the permission. */
export function requirePermission(permission: Permission) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (can(roleOf(req), permission)) return next();
    res.status(403).json({ error: `not permitted: ${permission}` });
  };
}

/**
 * Wraps a socket handler that answers through an acknowledgement: checks the permission, runs
 * the handler, and turns any failure into the one error envelope.
 */
export function handleWithAck<T>(
  role: () => Role,
  permission: Permission,
  handler: () => T | Promise<T>,
  onError: (error: unknown) => void,
): (ack: (response: Ack<T>) => void) => void {
  return (ack) => {
    if (typeof ack !== "function") return;
    if (!can(role(), permission)) {
      ack({ ok: false, error: `not permitted: ${permission}` });
      return;
    }
    Promise.resolve()
      .then(handler)
      .then(
        (data) => ack({ ok: true, data }),
        (error: unknown) => {
          onError(error);
          ack({ ok: false, error: "internal error" });
        },
      );
  };
}
