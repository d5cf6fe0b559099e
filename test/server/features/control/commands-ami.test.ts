/**
 * Line control against a fake Asterisk over real TCP that answers as the real one did in the
 * recordings (test/fixtures/asterisk/login.*): its Response and then its own QueueMemberAdded /
 * QueueMemberRemoved event, copied byte for byte. A command is done only when that event is in
 * the live state (its Timestamp restamped to now: the live state refuses an event a day old); a refusal comes back in Asterisk's words; silence is "no answer"; a switch
 * that is gone is refused at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../../../server/app.ts";
import { Counters } from "../../../../server/counters.ts";
import { silentLogger } from "../../../../server/log.ts";
import { AmiAdapter } from "../../../../server/switches/ami/adapter.ts";
import { header, type AmiMessage } from "../../../../server/switches/ami/parser.ts";
import type { ControlResult } from "../../../../shared/control.ts";
import { bearer, screenToken, startTestApp, waitFor } from "../../../support/app.ts";
import { provinceReference } from "../../../support/reference.ts";
import { fixture, fixtureMap } from "../../switches/recordings.ts";
import { FakeAmi } from "../../switches/ami/fake-ami.ts";

const SECRET = "khorasan-samples-7731";
const RECORDING = fixture("login.ami.txt").toString("utf8");

/** The recorded event block `event` whose headers include every one of `having`. */
function recorded(event: string, having: string[]): string {
  for (const block of RECORDING.split("\r\n\r\n")) {
    if (
      block.startsWith(`Event: ${event}\r\n`) &&
      having.every((h) => block.includes(`\r\n${h}\r\n`))
    )
      return `${block}\r\n\r\n`;
  }
  throw new Error(`no ${event} with ${having.join(", ")} in the recording`);
}

const ADDED = recorded("QueueMemberAdded", ["Queue: mashhad", "Interface: Local/4001@agents/n"]);
const REMOVED = recorded("QueueMemberRemoved", [
  "Queue: mashhad",
  "Interface: Local/4001@agents/n",
]);

/** The switch's members now, as the fake answers: queue → interfaces. */
const members = new Map<string, Set<string>>([["mashhad", new Set()]]);
/** Actions the fake leaves unanswered, or answers without its event (a lost event). */
const silent = new Set<string>();
const eventless = new Set<string>();

function reply(action: AmiMessage): string | undefined {
  const name = header(action, "Action") ?? "";
  if (silent.has(name)) return undefined;
  const queue = members.get(header(action, "Queue") ?? "");
  const iface = header(action, "Interface") ?? "";
  // Not in the recordings: app_queue's own words for a queue it does not have.
  if (!queue && name === "QueueAdd")
    return "Error: Unable to add interface to queue: No such queue";
  if (!queue) return "Error: Unable to remove interface from queue: No such queue";
  if (name === "QueueAdd") {
    if (queue.has(iface)) return "Error: Unable to add interface: Already there";
    queue.add(iface);
    return "Added interface to queue";
  }
  if (name === "QueueRemove") {
    if (!queue.delete(iface)) return "Error: Unable to remove interface: Not there";
    return "Removed interface from queue";
  }
  return "Interface paused successfully";
}

const now = (block: string): string =>
  block.replace(/^Timestamp: .*$/m, `Timestamp: ${(Date.now() / 1000).toFixed(6)}`);

function after(action: AmiMessage): string[] {
  const name = header(action, "Action") ?? "";
  if (eventless.has(name)) return [];
  if (name === "QueueAdd" && members.get("mashhad")?.has("Local/4001@agents/n"))
    return [now(ADDED)];
  if (name === "QueueRemove" && !members.get("mashhad")?.has("Local/4001@agents/n"))
    return [now(REMOVED)];
  return [];
}

let app: RunningApp;
let fake: FakeAmi;
let lead: string;

beforeAll(async () => {
  const reference = await provinceReference();
  fake = new FakeAmi({ secret: SECRET, stream: Buffer.alloc(0), reply, after });
  const port = await fake.listen();
  const names = new Map(reference.officials.map((o) => [o.id, o.fa]));
  app = await startTestApp({
    reference,
    switchAdapter: new AmiAdapter({
      url: `ami://dashboard:${SECRET}@127.0.0.1:${port}`,
      map: fixtureMap(),
      pseudonym: () => undefined,
      counters: new Counters(),
      log: silentLogger(),
      memberName: (official) => names.get(official),
      client: {
        backoffInitialMs: 20,
        backoffMaxMs: 100,
        actionTimeoutMs: 400,
        pingIntervalMs: 60_000,
      },
    }),
    control: { answerTimeoutMs: 3_000, confirmTimeoutMs: 2_000 },
  });
  lead = await screenToken(app, "shift-lead");
  await waitFor(() => app.live.model.state.switchConnected === true);
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

async function command(body: Record<string, unknown>) {
  const response = await fetch(`${app.url}/api/v1/commands`, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(lead) },
    body: JSON.stringify({
      line: "mashhad",
      official: "farmandar-mashhad",
      reason: "test",
      ...body,
    }),
  });
  return { status: response.status, body: (await response.json()) as ControlResult };
}

describe("a command against Asterisk, as recorded", () => {
  it("adds the governor with his state interface and name, done once the switch's event arrives", async () => {
    const { status, body } = await command({ action: "add", expect: [] });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "done",
      responses: ["Added interface to queue"],
      line: { members: [{ official: "farmandar-mashhad", paused: false }] },
    });
    const sent = fake.actions.find((a) => header(a, "Action") === "QueueAdd");
    const fields = ["Queue", "Interface", "MemberName", "StateInterface", "Paused"];
    expect(fields.map((name) => sent && header(sent, name))).toEqual([
      "mashhad",
      "Local/4001@agents/n",
      "فرماندار مشهد",
      "Custom:agent4001",
      "false",
    ]);
  });

  it("comes back with Asterisk's refusal: already a member, no such queue", async () => {
    const again = await command({ action: "add" });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      status: "refused",
      error: "Unable to add interface: Already there",
      responses: ["Unable to add interface: Already there"],
    });
    const nowhere = await command({ action: "add", line: "atlantis" });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.error).toBe("Unable to add interface to queue: No such queue");
  });

  it("answers 504 when the switch does not answer, and when its event never comes", async () => {
    silent.add("QueuePause");
    const unanswered = await command({ action: "pause" });
    expect(unanswered.status).toBe(504);
    expect(unanswered.body).toMatchObject({
      status: "no-answer",
      error: expect.stringContaining("did not answer"),
    });
    silent.delete("QueuePause");
    eventless.add("QueuePause");
    const unseen = await command({ action: "pause" });
    expect(unseen.status).toBe(504);
    expect(unseen.body).toMatchObject({
      status: "no-answer",
      responses: ["Interface paused successfully"],
      error: "the switch accepted the action but did not report the change",
    });
    eventless.delete("QueuePause");
  });

  it("removes the governor once the switch reports him gone", async () => {
    const { status, body } = await command({ action: "remove", expect: ["farmandar-mashhad"] });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      responses: ["Removed interface from queue"],
      line: { members: [] },
    });
  });

  it("is refused at once when the switch is gone", async () => {
    await fake.close();
    await waitFor(() => app.live.model.state.switchConnected === false);
    const started = Date.now();
    const { status, body } = await command({ action: "add" });
    expect(status).toBe(503);
    expect(body.status).toBe("disconnected");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await app.access.audit.verify()).toMatchObject({ broken: null });
  });
});
