/**
 * Authentication: turns a session cookie or a screen token into a Principal, exchanges a screen
 * token for a session, ends sessions, and tells which of a set of principals still hold (for the
 * sockets, which must close within seconds of a revocation). Sign-in, setup and administration
 * build on it (sign-in.ts, setup.ts, account-admin.ts).
 */
import type { Database } from "../platform/db.ts";
import { AccountsStore } from "./accounts.ts";
import { actorOf, AuditTrail } from "./audit-trail.ts";
import type { Principal } from "./principal.ts";
import { ScreenTokensStore, type ScreenToken } from "./screen-tokens.ts";
import { hashSecret, newSecret, secretFrom } from "./secrets.ts";
import { SessionsStore, type Session } from "./sessions.ts";
import { SetupCodesStore } from "./setup-codes.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface AccessOptions {
  /** A person's session ends after this long without a request. @default 12 h */
  sessionIdleMs?: number;
  /** A person's session ends this long after sign-in, however active. @default 7 days */
  sessionMaxMs?: number;
  /** A screen's session ends after this long without a request; it has no absolute limit. @default 30 days */
  screenIdleMs?: number;
  /** Failed sign-ins in a row that lock a name. @default 5 */
  maxFailures?: number;
  /** How long a locked name stays locked. @default 15 min */
  lockoutMs?: number;
  /** How long a setup code stays valid. @default 24 h */
  setupCodeValidMs?: number;
  /** @default Date.now */
  clock?: () => number;
}

export type ResolvedAccessOptions = Required<AccessOptions>;

export function resolveAccessOptions(options: AccessOptions = {}): ResolvedAccessOptions {
  return {
    sessionIdleMs: options.sessionIdleMs ?? 12 * HOUR,
    sessionMaxMs: options.sessionMaxMs ?? 7 * DAY,
    screenIdleMs: options.screenIdleMs ?? 30 * DAY,
    maxFailures: options.maxFailures ?? 5,
    lockoutMs: options.lockoutMs ?? 15 * MINUTE,
    setupCodeValidMs: options.setupCodeValidMs ?? DAY,
    clock: options.clock ?? Date.now,
  };
}

/** A new session: the secret for the cookie (never stored) and how long the cookie should last. */
export interface IssuedSession {
  principal: Principal;
  secret: string;
  cookieMaxAgeSec: number;
}

/** Last-seen times are written at most this often per session or token. */
const TOUCH_EVERY_MS = MINUTE;
/** Browsers cap a cookie's life at 400 days; a screen's session is ended by the server anyway. */
const SCREEN_COOKIE_MAX_AGE_SEC = 400 * 24 * 3600;

export class AccessService {
  readonly accounts: AccountsStore;
  readonly sessions: SessionsStore;
  readonly tokens: ScreenTokensStore;
  readonly audit: AuditTrail;
  readonly setupCodes: SetupCodesStore;
  readonly options: ResolvedAccessOptions;
  readonly database: Database;
  readonly #revokedListeners = new Set<() => void>();
  readonly #touchedAt = new Map<string, number>();

  constructor(database: Database, options: AccessOptions = {}) {
    this.database = database;
    this.accounts = new AccountsStore(database);
    this.sessions = new SessionsStore(database);
    this.tokens = new ScreenTokensStore(database);
    this.audit = new AuditTrail(database);
    this.setupCodes = new SetupCodesStore(database);
    this.options = resolveAccessOptions(options);
  }

  now(): number {
    return this.options.clock();
  }

  /** Removes expired sessions; answers how many. Sessions are judged at use anyway: this tidies. */
  async prune(): Promise<number> {
    return this.sessions.deleteExpired(this.now());
  }

  /** Called after a session ended or a credential was revoked here, so sockets check at once. */
  onRevoked(listener: () => void): () => void {
    this.#revokedListeners.add(listener);
    return () => this.#revokedListeners.delete(listener);
  }

  revoked(): void {
    for (const listener of this.#revokedListeners) listener();
  }

  /** The principal of a session cookie's secret, or null when it is no (longer a) live session. */
  async sessionPrincipal(rawSecret: unknown, address: string | null): Promise<Principal | null> {
    const secret = secretFrom(rawSecret);
    if (!secret) return null;
    const now = this.now();
    const session = await this.sessions.find(hashSecret(secret), now);
    if (!session) return null;
    const principal = await this.#principalOf(session);
    if (principal) await this.#touch(session, principal, now, address);
    return principal;
  }

  /** The principal of a screen token used directly (Bearer, socket auth), or null. */
  async tokenPrincipal(rawToken: unknown, address: string | null): Promise<Principal | null> {
    const token = secretFrom(rawToken);
    if (!token) return null;
    const record = await this.tokens.byHash(hashSecret(token));
    if (!record) return null;
    await this.#touchToken(record.id, this.now(), address);
    return tokenPrincipal(record);
  }

  /** `/?token=…`: a session for the screen, so the token leaves the address bar. */
  async exchangeToken(rawToken: unknown, address: string | null): Promise<IssuedSession | null> {
    const token = secretFrom(rawToken);
    if (!token) return null;
    const record = await this.tokens.byHash(hashSecret(token));
    if (!record) return null;
    const now = this.now();
    const secret = newSecret();
    const session = await this.sessions.create({
      secretHash: hashSecret(secret),
      tokenId: record.id,
      at: now,
      idleMs: this.options.screenIdleMs,
      maxMs: null,
      address,
    });
    await this.tokens.touch(record.id, now, address);
    const principal = { ...tokenPrincipal(record), sessionId: session.id };
    await this.audit.append({
      at: now,
      actor: actorOf(principal),
      address,
      action: "token.exchanged",
      subject: record.name,
    });
    return { principal, secret, cookieMaxAgeSec: SCREEN_COOKIE_MAX_AGE_SEC };
  }

  /** A session for an account that has just proved who it is (sign-in, setup). */
  async issueAccountSession(principal: Principal, address: string | null): Promise<IssuedSession> {
    const now = this.now();
    const secret = newSecret();
    const session = await this.sessions.create({
      secretHash: hashSecret(secret),
      accountId: principal.id,
      at: now,
      idleMs: this.options.sessionIdleMs,
      maxMs: this.options.sessionMaxMs,
      address,
    });
    return {
      principal: { ...principal, sessionId: session.id },
      secret,
      cookieMaxAgeSec: Math.floor(this.options.sessionMaxMs / 1000),
    };
  }

  /** Ends the principal's session on the server: the cookie is worth nothing afterwards. */
  async signOut(principal: Principal, address: string | null): Promise<void> {
    if (!principal.sessionId) return;
    await this.sessions.delete(principal.sessionId);
    await this.audit.append({
      at: this.now(),
      actor: actorOf(principal),
      address,
      action: "sign-out",
      subject: principal.name,
    });
    this.revoked();
  }

  /**
   * Of these principals, the keys (`principalKey`) of those that still hold: their session is
   * live, or their token unrevoked. Keeps the sessions of those that hold from going idle.
   */
  async stillValid(principals: readonly Principal[]): Promise<Set<string>> {
    const now = this.now();
    const sessionIds = principals.flatMap((p) => (p.sessionId ? [p.sessionId] : []));
    const tokenIds = principals.flatMap((p) => (!p.sessionId && p.tokenId ? [p.tokenId] : []));
    const [liveSessions, liveTokens] = await Promise.all([
      this.sessions.live(sessionIds, now),
      this.tokens.live(tokenIds),
    ]);
    const valid = new Set<string>();
    for (const principal of principals) {
      const holds = principal.sessionId
        ? liveSessions.has(principal.sessionId)
        : principal.tokenId !== undefined && liveTokens.has(principal.tokenId);
      if (holds) valid.add(principalKey(principal));
    }
    await this.#touchMany(
      principals.filter((p) => valid.has(principalKey(p))),
      now,
    );
    return valid;
  }

  async #principalOf(session: Session): Promise<Principal | null> {
    if (session.accountId) {
      const account = await this.accounts.byId(session.accountId);
      if (!account || account.disabled) return null;
      return {
        kind: "account",
        id: account.id,
        name: account.name,
        role: account.role,
        sessionId: session.id,
      };
    }
    if (session.tokenId) {
      const token = await this.tokens.byId(session.tokenId);
      if (!token || token.revokedAt !== null) return null;
      return { ...tokenPrincipal(token), sessionId: session.id };
    }
    return null;
  }

  #idleMs(principal: Principal): number {
    return principal.kind === "token" ? this.options.screenIdleMs : this.options.sessionIdleMs;
  }

  async #touch(
    session: Session,
    principal: Principal,
    now: number,
    address: string | null,
  ): Promise<void> {
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      await this.sessions.touch([session.id], now, this.#idleMs(principal), address ?? undefined);
    }
    if (principal.tokenId) await this.#touchToken(principal.tokenId, now, address);
  }

  async #touchToken(id: string, now: number, address: string | null): Promise<void> {
    if (now - (this.#touchedAt.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.#touchedAt.set(id, now);
    await this.tokens.touch(id, now, address ?? undefined);
  }

  /** Sockets keep their sessions and tokens seen while they stay connected. */
  async #touchMany(principals: readonly Principal[], now: number): Promise<void> {
    const due = principals.filter(
      (p) => now - (this.#touchedAt.get(principalKey(p)) ?? 0) >= TOUCH_EVERY_MS,
    );
    if (due.length === 0) return;
    for (const p of due) this.#touchedAt.set(principalKey(p), now);
    for (const kind of ["account", "token"] as const) {
      const ids = due
        .filter((p) => p.kind === kind && p.sessionId)
        .map((p) => p.sessionId as string);
      const idle = kind === "token" ? this.options.screenIdleMs : this.options.sessionIdleMs;
      await this.sessions.touch(ids, now, idle);
    }
    for (const p of due) if (p.tokenId) await this.tokens.touch(p.tokenId, now);
    if (this.#touchedAt.size > 10_000) this.#touchedAt.clear();
  }
}

export function tokenPrincipal(token: ScreenToken): Principal {
  return { kind: "token", id: token.id, name: token.name, role: token.role, tokenId: token.id };
}

/** One key per credential a socket holds: its session, or its token when used directly. */
export function principalKey(principal: Principal): string {
  return principal.sessionId
    ? `session:${principal.sessionId}`
    : `token:${principal.tokenId ?? principal.id}`;
}
