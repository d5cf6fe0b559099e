/**
 * Who is asking, once authenticated: a person's account (through a browser session) or a screen
 * token (a wall screen's session, or `Authorization: Bearer` / the socket's `auth.token`). The
 * audit trail records it; features ask `can(principal.role, permission)`.
 */
import type { Role } from "../../shared/wire.ts";

export interface Principal {
  kind: "account" | "token";
  /** The account's or the screen token's id. */
  id: string;
  name: string;
  role: Role;
  /** Set when authenticated by a session cookie. */
  sessionId?: string;
  /** Set for a screen token, whether used directly or through the session it was exchanged for. */
  tokenId?: string;
}

export const ROLES = [
  "viewer",
  "inspector",
  "shift-lead",
  "admin",
] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
