/**
 * The first start: with no account at all, the server issues a one-time setup code (printed on
 * its console as an address) through which the first admin is created. No default password.
 */
import { AccountsStore } from "./accounts.ts";
import type { AccessService, IssuedSession } from "./access-service.ts";
import { AdminError, checkedHash, checkName } from "./account-admin.ts";
import { SYSTEM } from "./audit-trail.ts";
import { hashSecret, newSecret, secretFrom } from "./secrets.ts";
import { SetupCodesStore } from "./setup-codes.ts";

export type SetupResult =
  | ({ ok: true } & IssuedSession)
  | { ok: false; reason: "invalid-code" | "bad-name" | "password-too-short" | "password-too-long" };

export class Setup {
  readonly #access: AccessService;

  constructor(access: AccessService) {
    this.#access = access;
  }

  /** A fresh code when no account exists yet, else null. Earlier codes stay valid until they expire. */
  async issueIfEmpty(): Promise<string | null> {
    if ((await this.#access.accounts.count()) > 0) return null;
    const code = newSecret();
    const at = this.#access.now();
    await this.#access.setupCodes.create(
      hashSecret(code),
      at,
      this.#access.options.setupCodeValidMs,
    );
    await this.#access.audit.append({ at, actor: SYSTEM, action: "setup.code-issued" });
    return code;
  }

  /** Whether the code would be accepted now. */
  async isOpen(rawCode: unknown): Promise<boolean> {
    const code = secretFrom(rawCode);
    if (!code) return false;
    const valid = await this.#access.setupCodes.isValid(hashSecret(code), this.#access.now());
    return valid && (await this.#access.accounts.count()) === 0;
  }

  /** Creates the first admin and signs it in; the code is dead afterwards, and so is every other. */
  async complete(
    rawCode: unknown,
    rawName: unknown,
    password: unknown,
    address: string | null,
  ): Promise<SetupResult> {
    const code = secretFrom(rawCode);
    if (!code) return { ok: false, reason: "invalid-code" };
    let name: string;
    let passwordHash: string;
    try {
      name = checkName(rawName);
      passwordHash = await checkedHash(password);
    } catch (error) {
      if (error instanceof AdminError && error.code !== "exists") {
        return {
          ok: false,
          reason: error.code as "bad-name" | "password-too-short" | "password-too-long",
        };
      }
      throw error;
    }
    const at = this.#access.now();
    const account = await this.#access.database.db.transaction().execute(async (trx) => {
      const used = await new SetupCodesStore({ db: trx }).consume(hashSecret(code), at);
      const accounts = new AccountsStore({ db: trx });
      if (!used || (await accounts.count()) > 0) return null;
      return accounts.create({ name, role: "admin", passwordHash, at });
    });
    if (!account) return { ok: false, reason: "invalid-code" };
    const principal = {
      kind: "account" as const,
      id: account.id,
      name: account.name,
      role: account.role,
    };
    const issued = await this.#access.issueAccountSession(principal, address);
    await this.#access.audit.append({
      at,
      actor: { kind: "account", id: account.id, name },
      address,
      action: "setup.completed",
      subject: name,
    });
    return { ok: true, ...issued };
  }
}
