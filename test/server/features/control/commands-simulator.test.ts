/**
 * Line control end to end against the simulator, over real HTTP: a command is answered once the
 * switch's own event shows it in the live state; the switch's refusals come back in its words;
 * the membership a request expects is checked after the command before it is confirmed; every
 * command is in the hash-chained audit trail, and one can be undone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../../server/app.ts";
import { silentLogger } from "../../../../server/log.ts";
import { SimulatorAdapter } from "../../../../server/switches/simulator/simulator-adapter.ts";
import type { ControlResult } from "../../../../shared/control.ts";
import { bearer, screenToken, startTestApp, waitFor } from "../../../support/app.ts";
import { provinceReference } from "../../../support/reference.ts";

// A Saturday night: no session, no member on any line; the clock held so nobody logs in by itself.
const START = Date.parse("2026-12-05T23:00:00+03:30");

let app: RunningApp;
let lead: string;

beforeAll(async () => {
  const reference = await provinceReference();
  app = await startTestApp({
    reference,
    switchAdapter: new SimulatorAdapter({
      reference,
      seed: 7,
      speed: 1,
      start: START,
      skipIdle: false,
      holdAt: START,
      log: silentLogger(),
    }),
    control: { answerTimeoutMs: 2_000, confirmTimeoutMs: 2_000 },
  });
  lead = await screenToken(app, "shift-lead");
  await waitFor(() => app.live.model.state.switchConnected === true);
});
afterAll(() => app?.close());

async function post(body: unknown, token = lead, path = "/api/v1/commands") {
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(token) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as ControlResult };
}

const members = (line: string) => [...(app.live.model.state.lines.get(line)?.members.keys() ?? [])];

describe("a command against the simulator", () => {
  it("is done when the live state shows the official on the line, and is audited", async () => {
    const { status, body } = await post({
      action: "add",
      line: "kalat",
      official: "farmandar-kalat",
      reason: "governor late",
      expect: [],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "done",
      responses: ["Added interface to queue"],
      line: { id: "kalat", members: [{ official: "farmandar-kalat", paused: false }] },
    });
    expect(members("kalat")).toEqual(["farmandar-kalat"]);
    const entry = await app.access.audit.get(body.auditId);
    expect(entry).toMatchObject({
      action: "command.add",
      subject: "kalat",
      address: "127.0.0.1",
      actor: { kind: "token" },
      detail: {
        result: "done",
        reason: "governor late",
        to: "farmandar-kalat",
        responses: ["Added interface to queue"],
      },
    });
  });

  it("comes back with the switch's words when it refuses, and is audited as refused", async () => {
    const again = await post({
      action: "add",
      line: "kalat",
      official: "farmandar-kalat",
      reason: "again",
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      status: "refused",
      error: "Unable to add interface: Already there",
    });
    const noQueue = await post({
      action: "add",
      line: "atlantis",
      official: "farmandar-kalat",
      reason: "typo",
    });
    expect(noQueue.status).toBe(422);
    expect(noQueue.body.error).toBe("Unable to add interface to queue: No such queue");
    expect((await app.access.audit.get(noQueue.body.auditId))?.detail).toMatchObject({
      result: "refused",
      responses: ["Unable to add interface to queue: No such queue"],
    });
  });

  it("pauses and resumes with a reason, confirmed by the live state", async () => {
    const paused = await post({
      action: "pause",
      line: "kalat",
      official: "farmandar-kalat",
      reason: "meeting",
    });
    expect(paused.status).toBe(200);
    expect(app.live.model.state.lines.get("kalat")?.members.get("farmandar-kalat")).toMatchObject({
      paused: true,
      reason: "meeting",
    });
    const resumed = await post({
      action: "resume",
      line: "kalat",
      official: "farmandar-kalat",
      reason: "back",
    });
    expect(resumed.body).toMatchObject({
      status: "done",
      responses: ["Interface unpaused successfully"],
    });
  });

  it("of two moves at once, runs the first and answers the second with the line as it is now", async () => {
    const move = {
      action: "move",
      line: "kalat",
      toLine: "khaf",
      official: "farmandar-kalat",
      reason: "needed in Khaf",
      expect: ["farmandar-kalat"],
    };
    const [a, b] = await Promise.all([post(move), post({ ...move, toLine: "kashmar" })]);
    const answers = [a, b].sort((x, y) => x.status - y.status);
    expect(answers.map((x) => x.status)).toEqual([200, 409]);
    expect(answers[1]?.body).toMatchObject({
      status: "conflict",
      line: { id: "kalat", members: [] },
    });
    expect(members("kalat")).toEqual([]);
    const target = answers[0]?.body.request.toLine as string;
    expect(members(target)).toEqual(["farmandar-kalat"]);
    // Add first, then remove: both of the switch's answers are recorded.
    expect(answers[0]?.body.responses).toEqual([
      "Added interface to queue",
      "Removed interface from queue",
    ]);
  });

  it("undoes a done command in one action, audited as the undo of that entry", async () => {
    const added = await post({
      action: "add",
      line: "quchan",
      official: "farmandar-quchan",
      reason: "cover",
    });
    expect(added.status).toBe(200);
    const undone = await post(
      { reason: "by mistake" },
      lead,
      `/api/v1/commands/${added.body.auditId}/undo`,
    );
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({
      status: "done",
      action: "remove",
      undoOf: added.body.auditId,
    });
    expect(members("quchan")).toEqual([]);
    expect((await app.access.audit.get(undone.body.auditId))?.detail).toMatchObject({
      undoOf: added.body.auditId,
      reason: "by mistake",
      result: "done",
    });
    const twice = await post(
      { reason: "again" },
      lead,
      `/api/v1/commands/${added.body.auditId}/undo`,
    );
    expect(twice.status).toBe(409);
    expect(twice.body).toEqual({ error: `command ${added.body.auditId} is already undone` });
  });

  it("is refused to a role without switch:command, and a bad request is refused before the switch", async () => {
    for (const role of ["viewer", "inspector"] as const) {
      const { status } = await post(
        { action: "add", line: "khaf", official: "farmandar-khaf", reason: "x" },
        await screenToken(app, role),
      );
      expect(status).toBe(403);
    }
    expect(members("khaf")).not.toContain("farmandar-khaf");
    const bad = await post({
      action: "move",
      line: "khaf",
      official: "farmandar-khaf",
      reason: "x",
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: "toLine: move needs toLine" });
  });

  it("leaves a chain the audit verifies, and serves it to the inspection office as JSON and CSV", async () => {
    expect(await app.access.audit.verify()).toMatchObject({ broken: null });
    const inspector = await screenToken(app, "inspector");
    const json = await fetch(`${app.url}/api/v1/audit?from=${START - 1e12}`, {
      headers: bearer(inspector),
    });
    expect(json.status).toBe(200);
    const { entries } = (await json.json()) as { entries: Array<{ action: string }> };
    expect(entries.filter((e) => e.action.startsWith("command.")).length).toBeGreaterThanOrEqual(7);
    const csv = await fetch(`${app.url}/api/v1/audit?format=csv`, { headers: bearer(inspector) });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A byte-order mark first, so a spreadsheet reads the Persian as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trim().split("\r\n");
    expect(lines[0]).toBe(
      "id,at,actor,actor_kind,address,action,line,from,to,reason,result,switch_response,undo_of,detail",
    );
    expect(lines.some((l) => l.includes("command.move,kalat,kalat,"))).toBe(true);
    const denied = await fetch(`${app.url}/api/v1/audit`, { headers: bearer(lead) });
    expect(denied.status).toBe(403);
  });
});

describe("a command without a connected switch", () => {
  it("is refused at once with 503, and audited", async () => {
    const reference = await provinceReference();
    const alone = await startTestApp({ reference });
    try {
      const token = await screenToken(alone, "shift-lead");
      const started = Date.now();
      const response = await fetch(`${alone.url}/api/v1/commands`, {
        method: "POST",
        headers: { "content-type": "application/json", ...bearer(token) },
        body: JSON.stringify({
          action: "add",
          line: "khaf",
          official: "farmandar-khaf",
          reason: "x",
        }),
      });
      expect(response.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2_000);
      const body = (await response.json()) as ControlResult;
      expect(body).toMatchObject({ status: "disconnected", error: "the switch is not connected" });
      expect((await alone.access.audit.get(body.auditId))?.detail).toMatchObject({
        result: "disconnected",
      });
    } finally {
      await alone.close();
    }
  });
});
