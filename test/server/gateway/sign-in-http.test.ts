/**
 * Signing in over HTTP as a browser does: the cookie and its attributes, sign-out ending the
 * session on the server, pages sent to sign in, a screen's link exchanged for a cookie, Origin
 * checked on what changes state, rate limits per address.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../server/app.ts";
import { hashPassword } from "../../../server/access/passwords.ts";
import { startTestApp, screenToken } from "../../support/app.ts";
import { smallReference } from "../../support/reference.ts";

const PASSWORD = "correct horse battery";
let passwordHash: string;
let app: RunningApp;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function start(
  options: Partial<Parameters<typeof startTestApp>[0]> = {},
): Promise<RunningApp> {
  app = await startTestApp({ reference: smallReference(), ...options });
  await app.access.accounts.create({ name: "zahra", role: "admin", passwordHash, at: Date.now() });
  await app.access.accounts.create({ name: "ali", role: "viewer", passwordHash, at: Date.now() });
  return app;
}

afterEach(() => app?.close());

function signIn(
  name: string,
  password: string,
  origin: string | null = app.url,
): Promise<Response> {
  return fetch(`${app.url}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    body: JSON.stringify({ name, password }),
  });
}

const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0] ?? "";

describe("sign-in over HTTP", () => {
  beforeEach(() => start());

  it("sets an httpOnly SameSite cookie that opens the API, and sign-out ends it on the server", async () => {
    const response = await signIn("Zahra", PASSWORD);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      kind: "account",
      name: "zahra",
      role: "admin",
      permissions: expect.arrayContaining(["accounts:manage"]),
    });
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      /^samad-session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    const cookie = cookieOf(response);
    const me = await fetch(`${app.url}/api/v1/session`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ name: "zahra" });
    expect((await fetch(`${app.url}/api/v1/snapshot`, { headers: { cookie } })).status).toBe(200);

    const out = await fetch(`${app.url}/api/v1/session`, {
      method: "DELETE",
      headers: { cookie, origin: app.url },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    // The same cookie, kept by someone, opens nothing any more.
    expect((await fetch(`${app.url}/api/v1/snapshot`, { headers: { cookie } })).status).toBe(401);
  });

  it("never says whether the account exists", async () => {
    const wrong = await signIn("zahra", "not the password");
    const unknown = await signIn("nobody-here", "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("refuses a state change from another site, or with no Origin and no token", async () => {
    expect((await signIn("zahra", PASSWORD, "https://evil.example")).status).toBe(403);
    expect((await signIn("zahra", PASSWORD, null)).status).toBe(403);
    const cookie = cookieOf(await signIn("zahra", PASSWORD));
    const post = (origin: string) =>
      fetch(`${app.url}/api/v1/screens`, {
        method: "POST",
        headers: { cookie, origin, "content-type": "application/json" },
        body: JSON.stringify({ name: "wall-9", role: "viewer" }),
      });
    expect((await post("http://evil.example")).status).toBe(403);
    expect((await post(app.url)).status).toBe(201);
  });

  it("sends pages to sign in and the API to 401, and lets /healthz and /readyz through", async () => {
    const page = await fetch(`${app.url}/admin?x=1`, { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/admin?x=1")}`);
    const api = await fetch(`${app.url}/api/v1/snapshot`);
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: "sign in first" });
    expect((await fetch(`${app.url}/api/v1/not-a-route`)).status).toBe(401);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect([200, 503]).toContain((await fetch(`${app.url}/readyz`)).status);
    const viewer = cookieOf(await signIn("ali", PASSWORD));
    const forbidden = await fetch(`${app.url}/api/v1/accounts`, { headers: { cookie: viewer } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: "not permitted: accounts:manage" });
  });

  it("exchanges a screen's token for a cookie and drops the token from the address", async () => {
    const token = await screenToken(app, "viewer");
    const response = await fetch(`${app.url}/?token=${token}&kiosk=1&lang=en`, {
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/?kiosk=1&lang=en");
    const cookie = cookieOf(response);
    expect(cookie).toMatch(/^samad-session=/);
    expect(
      await (await fetch(`${app.url}/api/v1/session`, { headers: { cookie } })).json(),
    ).toMatchObject({ kind: "token", role: "viewer" });
    const bad = await fetch(`${app.url}/?token=not-a-real-token-at-all-123&kiosk=1`, {
      redirect: "manual",
    });
    expect(bad.status).toBe(303);
    expect(bad.headers.get("location")).toBe(
      `/login?reason=screen&next=${encodeURIComponent("/?kiosk=1")}`,
    );
  });

  it("sends security headers: a strict CSP, no framing, no referrer", async () => {
    const response = await fetch(`${app.url}/healthz`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("behind an HTTPS proxy", () => {
  beforeEach(() =>
    start({
      security: { trustProxy: "https", origins: { allowedOrigins: ["https://wall.example.org"] } },
    }),
  );

  it("marks the cookie Secure under a __Host- name, and trusts the proxy's address", async () => {
    const response = await fetch(`${app.url}/api/v1/session`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "https://wall.example.org",
        "x-forwarded-for": "10.20.30.40",
      },
      body: JSON.stringify({ name: "zahra", password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^__Host-samad-session=.+; Secure$/);
    const [entry] = (await app.access.audit.range()).filter((e) => e.action === "sign-in");
    expect(entry?.address).toBe("10.20.30.40");
    expect((await fetch(`${app.url}/healthz`)).headers.get("strict-transport-security")).toMatch(
      /max-age=/,
    );
  });
});

describe("rate limits", () => {
  beforeEach(() => start({ addressLimit: { limit: 3, windowMs: 60_000 } }));

  it("stop sign-in and setup attempts from one address beyond the limit", async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push((await signIn(`someone-${i}`, "wrong password")).status);
    expect(answers).toEqual([401, 401, 401, 429]);
    const setup = await fetch(`${app.url}/api/v1/setup?code=x`);
    expect(setup.status).toBe(429);
  });
});
