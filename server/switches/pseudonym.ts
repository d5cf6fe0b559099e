/**
 * Caller numbers are personal data: an adapter carries at most a keyed pseudonym of the number,
 * stable for one secret (so repeat callers can be recognised) and useless without it.
 */
import { createHmac } from "node:crypto";

export type Pseudonymizer = (callerNumber: string | undefined) => string | undefined;

/** What the switch writes when it has no number. */
const NO_NUMBER = new Set(["", "<unknown>", "unknown", "anonymous", "<unavailable>"]);

export function createPseudonymizer(secret: string): Pseudonymizer {
  return (callerNumber) => {
    const digits = callerNumber?.trim() ?? "";
    if (NO_NUMBER.has(digits.toLowerCase())) return undefined;
    return createHmac("sha256", secret).update(digits).digest("base64url").slice(0, 16);
  };
}
