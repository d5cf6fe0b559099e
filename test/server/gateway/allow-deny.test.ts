/**
 * Generated from the permission table: for each caller (anonymous, a revoked token, each role) and
 * each REST route (read from the Express router itself) and socket event (from the handler
 * registry), the answer must be what the route's rule says. A route or event added without a rule
 * fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../server/app.ts";
import { SYSTEM } from "../../../server/access/audit-trail.ts";
import { isRole, ROLES } from "../../../server/access/principal.ts";
import express from "express";
import { can, PERMISSIONS, requirePermission, verdict } from "../../../server/gateway/access.ts";
import { listRoutes, type RouteInfo } from "../../../server/gateway/routes.ts";
import type { Principal } from "../../../server/access/principal.ts";
import { bearer, connectClient, screenToken, startTestApp, waitFor } from "../../support/app.ts";
import { smallReference } from "../../support/reference.ts";

type Caller = "anonymous" | "revoked" | (typeof ROLES)[number];
const CALLERS: readonly Caller[] = ["anonymous", "revoked", ...ROLES];

let app: RunningApp;
const tokens = new Map<Caller, string>();

beforeAll(async () => {
  app = await startTestApp({ reference: smallReference() });
  for (const role of ROLES) tokens.set(role, await screenToken(app, role));
  const revoked = await app.admin.createToken({ name: "revoked-screen", role: "admin" }, SYSTEM);
  await app.admin.revokeToken("revoked-screen", SYSTEM);
  tokens.set("revoked", revoked.token);
});
afterAll(() => app?.close());

/** The principal the server should see for a caller: none for anonymous and revoked. */
function principalOf(caller: Caller): Principal | null {
  return isRole(caller) ? { kind: "token", id: caller, name: caller, role: caller } : null;
}

/** Whether the guard refused: its answers are exactly these, whatever the handler would say. */
async function refusedBy(response: Response, route: RouteInfo): Promise<401 | 403 | null> {
  if (route.page && response.status === 303) {
    return response.headers.get("location")?.startsWith("/login?next=") ? 401 : null;
  }
  const body = await response.text();
  if (response.status === 401 && body === JSON.stringify({ error: "sign in first" })) return 401;
  if (
    response.status === 403 &&
    (body.startsWith('{"error":"not permitted') || body.includes("not permitted\n"))
  )
    return 403;
  return null;
}

function request(route: RouteInfo, caller: Caller): Promise<Response> {
  const path = route.path.replace(/:(\w+)/g, "someone");
  const token = tokens.get(caller);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...(token ? bearer(token) : {}),
  };
  // Without a token a state-changing request must come from our own page.
  if (!token) headers.origin = app.url;
  const hasBody = !["GET", "HEAD", "DELETE"].includes(route.method);
  return fetch(`${app.url}${path}`, {
    method: route.method,
    headers,
    redirect: "manual",
    body: hasBody ? "{}" : undefined,
  });
}

describe("every REST route", () => {
  it("has a rule", () => {
    const routes = listRoutes(app.express);
    expect(routes.length).toBeGreaterThan(15);
    expect(
      routes.filter((route) => route.rule === null).map((r) => `${r.method} ${r.path}`),
    ).toEqual([]);
    for (const route of routes) {
      if (route.rule?.kind === "permission") expect(PERMISSIONS).toContain(route.rule.permission);
    }
  });

  it("answers each caller as its rule says", async () => {
    const mismatches: string[] = [];
    const seen = new Map<string, number>();
    for (const route of listRoutes(app.express)) {
      if (!route.rule) continue;
      for (const caller of CALLERS) {
        const expected = verdict(route.rule, principalOf(caller));
        const got = (await refusedBy(await request(route, caller), route)) ?? "allow";
        if (got !== expected)
          mismatches.push(
            `${caller} ${route.method} ${route.path}: expected ${expected}, got ${got}`,
          );
        const kind = `${got}${route.page ? " page" : ""}`;
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
      }
    }
    expect(mismatches).toEqual([]);
    // Not vacuous: every kind of answer occurred.
    for (const kind of ["allow", "401", "403", "401 page", "403 page"])
      expect(seen.get(kind), kind).toBeGreaterThan(0);
  }, 120_000);

  it("asks what each feature means to ask", () => {
    const ruleOf = (method: string, path: string) =>
      listRoutes(app.express).find((r) => r.method === method && r.path === path)?.rule;
    const needs = (permission: string) => ({ kind: "permission", permission });
    expect(ruleOf("GET", "/")).toEqual(needs("wall:read"));
    expect(ruleOf("GET", "/api/v1/snapshot")).toEqual(needs("wall:read"));
    expect(ruleOf("GET", "/admin")).toEqual(needs("accounts:manage"));
    expect(ruleOf("GET", "/inspection")).toEqual(needs("inspect:read"));
    expect(ruleOf("GET", "/inspection/week")).toEqual(needs("inspect:read"));
    for (const route of listRoutes(app.express).filter((r) =>
      /^\/api\/v1\/(accounts|screens)/.test(r.path),
    )) {
      expect(route.rule, `${route.method} ${route.path}`).toEqual(needs("accounts:manage"));
    }
    const inspection = listRoutes(app.express).filter((r) =>
      r.path.startsWith("/api/v1/inspection/"),
    );
    expect(inspection.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      ["abandoned", "calls", "intervals", "sessions", "summary"].map(
        (name) => `GET /api/v1/inspection/${name}`,
      ),
    );
    for (const route of inspection) expect(route.rule).toEqual(needs("inspect:read"));
    const scheduleApi = listRoutes(app.express).filter(
      (r) => r.path === "/api/v1/schedule" || r.path.startsWith("/api/v1/schedule/"),
    );
    expect(scheduleApi.length).toBe(5);
    for (const route of scheduleApi) {
      expect(route.rule, `${route.method} ${route.path}`).toEqual(needs("schedule:write"));
    }
    const open = listRoutes(app.express)
      .filter((r) => r.rule?.kind === "public")
      .map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual(
      [
        "GET /healthz",
        "GET /readyz",
        "GET /login",
        "GET /setup",
        "GET /api/v1/setup",
        "POST /api/v1/setup",
        "POST /api/v1/session",
        // The published schedule, for citizens (docs/schedule.md).
        "GET /schedule",
        "GET /schedule/schedule.css",
        "GET /schedule/:county.ics",
      ].sort(),
    );
  });

  it("notices a route added without a guard", () => {
    const bare = express();
    const router = express.Router();
    router.get("/api/v1/forgotten", (_req, res) => void res.json({}));
    bare.use("/mounted", router);
    bare.get("/guarded", requirePermission("inspect:read"), (_req, res) => void res.json({}));
    expect(listRoutes(bare)).toEqual([
      { method: "GET", path: "/mounted/api/v1/forgotten", rule: null, page: false },
      {
        method: "GET",
        path: "/guarded",
        rule: { kind: "permission", permission: "inspect:read" },
        page: false,
      },
    ]);
  });
});

describe("every socket event", () => {
  it("has a permission", () => {
    expect(app.gateway.handlers.length).toBeGreaterThan(0);
    for (const handler of app.gateway.handlers) expect(PERMISSIONS).toContain(handler.permission);
  });

  it("refuses the handshake to anonymous and revoked callers", async () => {
    for (const caller of ["anonymous", "revoked"] as const) {
      const socket = connectClient(app.url, tokens.get(caller));
      const error = await new Promise<Error>((resolve) => socket.on("connect_error", resolve));
      expect(error.message).toBe("unauthorized");
      socket.close();
    }
  });

  it("answers each role as the table says, with a refusal ack where it may not", async () => {
    for (const role of ROLES) {
      const socket = connectClient(app.url, tokens.get(role));
      await waitFor(() => socket.connected);
      for (const handler of app.gateway.handlers) {
        // The registry is typed by event name only; every event takes an ack last.
        const emit = socket.timeout(5000).emitWithAck.bind(socket) as (
          event: string,
        ) => Promise<{ ok: boolean; error?: string }>;
        const answer = await emit(handler.event);
        if (can(role, handler.permission))
          expect(answer, `${role} ${handler.event}`).toMatchObject({ ok: true });
        else
          expect(answer, `${role} ${handler.event}`).toEqual({
            ok: false,
            error: `not permitted: ${handler.permission}`,
          });
      }
      socket.close();
    }
  });
});
