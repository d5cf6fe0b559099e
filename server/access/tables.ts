/** The rows of the access tables (migration 0001-access), as the stores read and write them. */
import type { Generated } from "kysely";

export type AccountRow = {
  id: string;
  name: string;
  role: string;
  password_hash: string;
  /** 0 or 1. */
  disabled: number;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
};

export type SessionRow = {
  id: string;
  secret_hash: string;
  account_id: string | null;
  token_id: string | null;
  created_at: number;
  last_seen_at: number;
  idle_expires_at: number;
  /** Absolute limit; null for a screen's session, which lives as long as its token. */
  expires_at: number | null;
  address: string | null;
};

export type ScreenTokenRow = {
  id: string;
  name: string;
  role: string;
  token_hash: string;
  created_at: number;
  created_by: string | null;
  last_seen_at: number | null;
  last_seen_address: string | null;
  revoked_at: number | null;
};

export type SetupCodeRow = {
  code_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
};

export type AuditRow = {
  id: Generated<number>;
  at: number;
  actor: string | null;
  actor_kind: string;
  actor_id: string | null;
  address: string | null;
  action: string;
  subject: string | null;
  /** JSON text. */
  detail: string;
  /** The hash chain (migration 0005, server/access/audit-chain.ts). */
  prev_hash: string | null;
  hash: string | null;
};

export type AccessTables = {
  accounts: AccountRow;
  sessions: SessionRow;
  screen_tokens: ScreenTokenRow;
  setup_codes: SetupCodeRow;
  audit_trail: AuditRow;
};
