/** What the admin page reads and writes: docs/api.md, "Accounts and screens". */
import type { Role } from "../../../shared/wire.ts";

export const ROLES: readonly Role[] = ["viewer", "inspector", "shift-lead", "admin"];

export interface AccountRow {
  name: string;
  role: Role;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ScreenRow {
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string | null;
  lastSeenAt: string | null;
  lastSeenAddress: string | null;
  revokedAt: string | null;
}

/** The link a screen opens once: its token is exchanged for a cookie and leaves the address. */
export function screenLink(origin: string, token: string, lang: "fa" | "en"): string {
  return `${origin}/?token=${encodeURIComponent(token)}&kiosk=1${lang === "en" ? "&lang=en" : ""}`;
}
