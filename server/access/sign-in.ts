/**
 * Signing in with a name and a password. The answer never tells whether the account exists: a
 * wrong password, an unknown name and a disabled account all read "invalid", take as long (the
 * password is checked against a decoy hash when there is no account), and lock after the same
 * number of tries. A lock expires by itself.
 */
import { accountName } from "./accounts.ts";
import type { AccessService, IssuedSession } from "./access-service.ts";
import { actorOf, ANONYMOUS } from "./audit-trail.ts";
import { FailureTracker } from "./failure-tracker.ts";
import { decoyHash, MAX_PASSWORD_LENGTH, verifyPassword } from "./passwords.ts";

export type SignInResult =
  | ({ ok: true } & IssuedSession)
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterSec: number };

export class SignIn {
  readonly #access: AccessService;
  readonly #unknownNames = new FailureTracker();

  constructor(access: AccessService) {
    this.#access = access;
  }

  async signIn(rawName: string, password: string, address: string | null): Promise<SignInResult> {
    const access = this.#access;
    const name = accountName(rawName).slice(0, 200);
    const now = access.now();
    const account = name ? await access.accounts.byName(name) : null;
    const usable = password.length > 0 && password.length <= MAX_PASSWORD_LENGTH;
    const matches =
      usable && (await verifyPassword(password, account?.passwordHash ?? (await decoyHash())));

    const lockedUntil = account
      ? account.lockedUntil !== null && account.lockedUntil > now
        ? account.lockedUntil
        : null
      : this.#unknownNames.lockedUntil(name, now);
    if (lockedUntil !== null) return this.#locked(lockedUntil, now);

    if (account && matches && !account.disabled) {
      await access.accounts.clearFailures(account.id);
      const principal = {
        kind: "account" as const,
        id: account.id,
        name: account.name,
        role: account.role,
      };
      const issued = await access.issueAccountSession(principal, address);
      await access.audit.append({
        at: now,
        actor: actorOf(issued.principal),
        address,
        action: "sign-in",
        subject: account.name,
      });
      return { ok: true, ...issued };
    }
    return this.#failed(name, account, now, address);
  }

  async #failed(
    name: string,
    account: { id: string; name: string; disabled: boolean } | null,
    now: number,
    address: string | null,
  ): Promise<SignInResult> {
    const access = this.#access;
    const { maxFailures, lockoutMs } = access.options;
    // An unknown name is not written to the trail: people type their password into it.
    await access.audit.append({
      at: now,
      actor: ANONYMOUS,
      address,
      action: "sign-in.failed",
      subject: account?.name ?? null,
      detail: account ? { disabled: account.disabled } : { known: false },
    });
    let lockedUntil: number | null = null;
    if (account) {
      const failures = await access.accounts.recordFailure(account.id);
      if (failures >= maxFailures) {
        lockedUntil = now + lockoutMs;
        await access.accounts.lock(account.id, lockedUntil);
        await access.audit.append({
          at: now,
          actor: ANONYMOUS,
          address,
          action: "account.locked",
          subject: account.name,
          detail: { failures, until: lockedUntil },
        });
      }
    } else {
      lockedUntil = this.#unknownNames.fail(name, now, maxFailures, lockoutMs);
    }
    return lockedUntil !== null ? this.#locked(lockedUntil, now) : { ok: false, reason: "invalid" };
  }

  #locked(until: number, now: number): SignInResult {
    return {
      ok: false,
      reason: "locked",
      retryAfterSec: Math.max(1, Math.ceil((until - now) / 1000)),
    };
  }
}
