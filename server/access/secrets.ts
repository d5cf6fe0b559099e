/**
 * Random secrets (session cookies, screen tokens, setup codes) and the hash under which they are
 * stored. They carry 256 random bits, so a fast hash is enough: nothing to guess, only to not keep.
 */
import { createHash, randomBytes } from "node:crypto";

export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("base64url");
}

/** A secret as it arrives from outside: the right shape, or null (nothing to look up). */
export function secretFrom(raw: unknown): string | null {
  return typeof raw === "string" && /^[A-Za-z0-9_-]{20,128}$/.test(raw) ? raw : null;
}
