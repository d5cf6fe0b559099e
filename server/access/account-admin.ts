/**
 * Managing accounts and screen tokens, for the admin page and the operators' command line alike.
 * Every change is written to the audit trail; disabling an account or revoking a token ends its
 * sessions at once, and open sockets close within seconds (AccessService.onRevoked).
 */
import type { Role } from "../../shared/wire.ts";
import { accountName, isValidAccountName, type Account } from "./accounts.ts";
import type { AccessService } from "./access-service.ts";
import type { AuditActor } from "./audit-trail.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";
import { isRole } from "./principal.ts";
import type { ScreenToken } from "./screen-tokens.ts";
import { hashSecret, newSecret } from "./secrets.ts";

export type AdminErrorCode =
  | "bad-name"
  | "bad-role"
  | "exists"
  | "not-found"
  | "password-too-short"
  | "password-too-long"
  | "last-admin";

const MESSAGES: Record<AdminErrorCode, string> = {
  "bad-name": "a name is 1–64 letters, digits, dots, dashes or underscores",
  "bad-role": "the role must be viewer, inspector, shift-lead or admin",
  exists: "that name is taken",
  "not-found": "no such name",
  "password-too-short": "the password must be at least 10 characters",
  "password-too-long": "the password must be at most 1024 characters",
  "last-admin": "the last enabled admin cannot be disabled",
};

export class AdminError extends Error {
  override name = "AdminError";
  readonly code: AdminErrorCode;
  constructor(code: AdminErrorCode) {
    super(MESSAGES[code]);
    this.code = code;
  }
}

/** An account as the admin page and `user list` show it: never the hash. */
export interface AccountSummary {
  name: string;
  role: Role;
  disabled: boolean;
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

function summary(account: Account): AccountSummary {
  const { name, role, disabled, lockedUntil, createdAt, updatedAt } = account;
  return { name, role, disabled, lockedUntil, createdAt, updatedAt };
}

export function checkName(raw: unknown): string {
  const name = typeof raw === "string" ? accountName(raw) : "";
  if (!isValidAccountName(name)) throw new AdminError("bad-name");
  return name;
}

export function checkRole(raw: unknown): Role {
  if (!isRole(raw)) throw new AdminError("bad-role");
  return raw;
}

export async function checkedHash(password: unknown): Promise<string> {
  const problem = passwordProblem(typeof password === "string" ? password : "");
  if (problem)
    throw new AdminError(problem === "too-short" ? "password-too-short" : "password-too-long");
  return hashPassword(password as string);
}

export class AccountAdmin {
  readonly #access: AccessService;

  constructor(access: AccessService) {
    this.#access = access;
  }

  /** Throws what addAccount would for this name and role, before anyone types a password. */
  async checkNewAccount(rawName: unknown, rawRole: unknown): Promise<void> {
    const name = checkName(rawName);
    checkRole(rawRole);
    if (await this.#access.accounts.byName(name)) throw new AdminError("exists");
  }

  /** Throws "not-found" unless the account exists. */
  async checkAccount(rawName: unknown): Promise<void> {
    await this.#account(rawName);
  }

  async listAccounts(): Promise<AccountSummary[]> {
    return (await this.#access.accounts.list()).map(summary);
  }

  async addAccount(
    input: { name: unknown; role: unknown; password: unknown },
    actor: AuditActor,
    address: string | null = null,
  ): Promise<AccountSummary> {
    const name = checkName(input.name);
    const role = checkRole(input.role);
    if (await this.#access.accounts.byName(name)) throw new AdminError("exists");
    const passwordHash = await checkedHash(input.password);
    const at = this.#access.now();
    const account = await this.#access.accounts
      .create({ name, role, passwordHash, at })
      .catch(async (error: unknown) => {
        if (await this.#access.accounts.byName(name)) throw new AdminError("exists");
        throw error;
      });
    await this.#access.audit.append({
      at,
      actor,
      address,
      action: "account.created",
      subject: name,
      detail: { role },
    });
    return summary(account);
  }

  async setPassword(
    rawName: unknown,
    password: unknown,
    actor: AuditActor,
    address: string | null = null,
  ): Promise<void> {
    const account = await this.#account(rawName);
    const passwordHash = await checkedHash(password);
    const at = this.#access.now();
    await this.#access.accounts.setPassword(account.id, passwordHash, at);
    // A new password ends the sessions the old one opened.
    await this.#access.sessions.deleteForAccount(account.id);
    await this.#access.audit.append({
      at,
      actor,
      address,
      action: "account.password-changed",
      subject: account.name,
    });
    this.#access.revoked();
  }

  async setDisabled(
    rawName: unknown,
    disabled: boolean,
    actor: AuditActor,
    address: string | null = null,
  ): Promise<AccountSummary> {
    const account = await this.#account(rawName);
    if (disabled && account.role === "admin" && !account.disabled) {
      const admins = (await this.#access.accounts.list()).filter(
        (a) => a.role === "admin" && !a.disabled,
      );
      if (admins.length <= 1) throw new AdminError("last-admin");
    }
    const at = this.#access.now();
    await this.#access.accounts.setDisabled(account.id, disabled, at);
    if (disabled) await this.#access.sessions.deleteForAccount(account.id);
    await this.#access.audit.append({
      at,
      actor,
      address,
      action: disabled ? "account.disabled" : "account.enabled",
      subject: account.name,
    });
    if (disabled) this.#access.revoked();
    return summary({ ...account, disabled, updatedAt: at });
  }

  async listTokens(): Promise<ScreenToken[]> {
    return this.#access.tokens.list();
  }

  /** The token itself is in the answer and nowhere else, ever: it is stored as a hash. */
  async createToken(
    input: { name: unknown; role: unknown },
    actor: AuditActor,
    address: string | null = null,
  ): Promise<{ token: string; screen: ScreenToken }> {
    const name = checkName(input.name);
    const role = checkRole(input.role);
    if (await this.#access.tokens.byName(name)) throw new AdminError("exists");
    const token = newSecret();
    const at = this.#access.now();
    const screen = await this.#access.tokens
      .create({ name, role, tokenHash: hashSecret(token), at, createdBy: actor.name ?? null })
      .catch(async (error: unknown) => {
        if (await this.#access.tokens.byName(name)) throw new AdminError("exists");
        throw error;
      });
    await this.#access.audit.append({
      at,
      actor,
      address,
      action: "token.created",
      subject: name,
      detail: { role },
    });
    return { token, screen };
  }

  async revokeToken(
    rawName: unknown,
    actor: AuditActor,
    address: string | null = null,
  ): Promise<void> {
    const name = checkName(rawName);
    const screen = await this.#access.tokens.byName(name);
    if (!screen) throw new AdminError("not-found");
    const at = this.#access.now();
    await this.#access.tokens.revoke(screen.id, at);
    await this.#access.sessions.deleteForToken(screen.id);
    await this.#access.audit.append({ at, actor, address, action: "token.revoked", subject: name });
    this.#access.revoked();
  }

  async #account(rawName: unknown): Promise<Account> {
    const name = checkName(rawName);
    const account = await this.#access.accounts.byName(name);
    if (!account) throw new AdminError("not-found");
    return account;
  }
}
