/**
 * The audit trail's hash chain: each row's hash is over its own content and the hash of the row
 * before it, so an edit, a deletion or a row slipped in outside the application breaks the chain
 * at that row (`npm run --silent audit -- verify`). The first row chains to GENESIS.
 */
import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
import type { AuditRow } from "./tables.ts";

export const GENESIS = "0".repeat(64);

/** The columns a row's hash covers, as stored: all but the chain's own. */
export type ChainedContent = Omit<Selectable<AuditRow>, "prev_hash" | "hash">;

export function rowHash(row: ChainedContent, prevHash: string): string {
  const content = JSON.stringify([
    Number(row.id),
    Number(row.at),
    row.actor,
    row.actor_kind,
    row.actor_id,
    row.address,
    row.action,
    row.subject,
    row.detail,
    prevHash,
  ]);
  return createHash("sha256").update(content).digest("hex");
}

export type ChainRow = ChainedContent & { hash: string | null; prev_hash: string | null };

/** Where a chain breaks, and why, in words for the operator. */
export interface ChainBreak {
  id: number;
  reason: string;
}

/**
 * Checks rows in order of id, carrying on from `prevHash` (the previous page's last hash); the
 * first row that does not hold, or null.
 */
export function firstBreak(
  rows: readonly ChainRow[],
  prevHash: string,
): { broken: ChainBreak | null; lastHash: string } {
  let prev = prevHash;
  for (const row of rows) {
    if (row.prev_hash !== prev)
      return {
        broken: {
          id: Number(row.id),
          reason: "it does not follow the row before it (a row was removed or inserted)",
        },
        lastHash: prev,
      };
    if (row.hash !== rowHash(row, prev))
      return {
        broken: { id: Number(row.id), reason: "its content does not match its hash (edited)" },
        lastHash: prev,
      };
    prev = row.hash;
  }
  return { broken: null, lastHash: prev };
}
