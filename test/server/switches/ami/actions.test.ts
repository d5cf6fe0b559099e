import { afterEach, describe, expect, it, vi } from "vitest";
import { AmiAdapter, parseAmiUrl } from "../../../../server/switches/ami/adapter.ts";
import { header } from "../../../../server/switches/ami/parser.ts";
import { Counters } from "../../../../server/counters.ts";
import { silentLogger } from "../../../../server/log.ts";
import { fixture, fixtureMap } from "../recordings.ts";
import { FakeAmi } from "./fake-ami.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Replies as Asterisk 22 did in pause.actions.txt / login.actions.txt. */
function asterisk(action: ReturnType<FakeAmi["actions"]["at"]>): string | undefined {
  if (!action) return undefined;
  const iface = header(action, "Interface");
  switch (header(action, "Action")) {
    case "QueueRemove":
      return iface === "Local/3001@agents/n"
        ? "Error: Member not dynamic"
        : "Removed interface from queue";
    case "QueuePause":
      return iface === "Local/9999@agents/n"
        ? "Error: Interface not found"
        : "Interface paused successfully";
    case "QueueAdd":
      return "Added interface to queue";
    case "QueuePenalty":
      return undefined; // this fake switch never answers: the action must time out
    default:
      return undefined;
  }
}

async function connected(secret = "s3cret") {
  const fake = new FakeAmi({ secret: "s3cret", stream: Buffer.alloc(0), reply: asterisk });
  const port = await fake.listen();
  closers.push(() => fake.close());
  const map = fixtureMap();
  map.addOfficial("Local/9999@agents/n", "ghost");
  const counters = new Counters();
  const adapter = new AmiAdapter({
    url: `ami://dashboard:${secret}@127.0.0.1:${port}`,
    map,
    pseudonym: () => undefined,
    counters,
    log: silentLogger(),
    client: { backoffInitialMs: 20, backoffMaxMs: 50, actionTimeoutMs: 300 },
  });
  const statuses: boolean[] = [];
  await adapter.start((events) => {
    for (const e of events) if (e.type === "switch.status") statuses.push(e.connected);
  });
  closers.push(() => adapter.stop());
  return { adapter, fake, statuses, counters };
}

describe("AMI actions", () => {
  it("returns success, or the switch's own error", async () => {
    const { adapter, fake, statuses } = await connected();
    await vi.waitFor(() => expect(statuses).toContain(true));
    await expect(
      adapter.command({
        type: "pause",
        official: "Maryam Hosseini",
        line: "mashhad",
        reason: "ناهار",
      }),
    ).resolves.toEqual({ ok: true, message: "Interface paused successfully" });
    const pause = fake.actions.find((a) => header(a, "Action") === "QueuePause");
    expect(pause && [...pause.headers]).toEqual([
      ["action", "QueuePause"],
      ["actionid", expect.stringMatching(/^samad-\d+$/)],
      ["interface", "Local/1002@agents/n"],
      ["paused", "true"],
      ["queue", "mashhad"],
      ["reason", "ناهار"],
    ]);
    await expect(
      adapter.command({ type: "logout", official: "Fatemeh Sadeghi", line: "sabzevar" }),
    ).resolves.toEqual({
      ok: false,
      error: "Member not dynamic",
      kind: "refused",
    });
    await expect(
      adapter.command({ type: "pause", official: "ghost", reason: "x" }),
    ).resolves.toEqual({
      ok: false,
      error: "Interface not found",
      kind: "refused",
    });
    // Our line id goes out as the switch's queue name.
    await adapter.command({ type: "login", official: "farmandar-mashhad", line: "nishapur" });
    const add = fake.actions.find((a) => header(a, "Action") === "QueueAdd");
    expect(add && header(add, "Queue")).toBe("neyshabur");
    expect(add && header(add, "Interface")).toBe("Local/4001@agents/n");
  });

  it("times out when the switch does not answer, and refuses an official it cannot name", async () => {
    const { adapter, statuses } = await connected();
    await vi.waitFor(() => expect(statuses).toContain(true));
    const result = await adapter.command({
      type: "penalty",
      official: "Ali Karimi",
      line: "mashhad",
      penalty: 2,
    });
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/did not answer QueuePenalty within 300 ms/),
      kind: "no-answer",
    });
    await expect(
      adapter.command({ type: "logout", official: "nobody", line: "mashhad" }),
    ).resolves.toMatchObject({
      ok: false,
    });
  });

  it("fails commands while not logged in, and keeps retrying a refused login", async () => {
    const { adapter, fake, statuses } = await connected("wrong");
    await vi.waitFor(() => expect(fake.connections).toBeGreaterThanOrEqual(2));
    expect(statuses).not.toContain(true);
    await expect(adapter.command({ type: "resume", official: "Ali Karimi" })).resolves.toEqual({
      ok: false,
      error: "not connected to the switch",
      kind: "not-connected",
    });
    await adapter.stop();
    await adapter.stop(); // idempotent
  });

  it("reads the switch URL without ever echoing the secret", () => {
    expect(parseAmiUrl("ami://dash%40board:p%3Ass@pbx.local:5039")).toEqual({
      host: "pbx.local",
      port: 5039,
      username: "dash@board",
      secret: "p:ss",
    });
    expect(parseAmiUrl("ami://u:s@10.0.0.5").port).toBe(5038);
    expect(() => parseAmiUrl("ami://user@host")).toThrow(/^SWITCH: expected/);
    let message = "";
    try {
      parseAmiUrl("ami://u:topsecret@");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^SWITCH: expected/);
    expect(message).not.toContain("topsecret");
  });
});

/** The actions a real client sent in a recording (`### SENT` blocks of *.actions.txt). */
function recordedActions(file: string, action: string): [string, string][][] {
  return fixture(file)
    .toString("utf8")
    .split("### ")
    .filter((block) => block.startsWith("SENT"))
    .map((block) =>
      block
        .split(/\r?\n/)
        .slice(1)
        .filter((line) => line.includes(": "))
        .map((line): [string, string] => {
          const colon = line.indexOf(": ");
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 2)];
        }),
    )
    .filter((fields) => fields[0]?.[1] === action);
}

describe("QueueAdd from samad-live (issue 11)", () => {
  it("sends what the recorded QueueAdd sent: the member's state interface and its name", async () => {
    const row =
      "Event: QueueMember\r\nQueue: sabzevar\r\nName: پاسخ‌گوی سبزوار\r\nLocation: Local/4003@agents/n\r\n" +
      "StateInterface: Custom:agent4003\r\nMembership: dynamic\r\nPenalty: 0\r\nStatus: 1\r\nPaused: 0\r\n";
    const fake = new FakeAmi({
      secret: "s",
      stream: Buffer.alloc(0),
      queueStatus: () => [row],
      reply: () => "Added interface to queue",
    });
    const port = await fake.listen();
    closers.push(() => fake.close());
    const map = fixtureMap();
    map.addOfficial("PJSIP/5001", "bakhshdar-kalat");
    const names: Record<string, string> = {
      "farmandar-mashhad": "فرماندار مشهد",
      "پاسخ‌گوی سبزوار": "پاسخ‌گوی سبزوار",
      "bakhshdar-kalat": "بخشدار کلات",
    };
    const adapter = new AmiAdapter({
      url: `ami://u:s@127.0.0.1:${port}`,
      map,
      pseudonym: () => undefined,
      counters: new Counters(),
      log: silentLogger(),
      memberName: (official) => names[official],
      client: { backoffInitialMs: 20, actionTimeoutMs: 1_000 },
    });
    let members = 0;
    await adapter.start((events) => {
      members += events.filter((e) => e.type === "official.logged-in").length;
    });
    closers.push(() => adapter.stop());
    await vi.waitFor(() => expect(members).toBe(1)); // the QueueStatus row was read
    const sent = async (command: Parameters<AmiAdapter["command"]>[0]) => {
      await expect(adapter.command(command)).resolves.toMatchObject({ ok: true });
      const action = fake.actions.at(-1);
      return action ? [...action.headers].filter(([k]) => k !== "actionid") : [];
    };
    // The map gives farmandar-mashhad's state interface: exactly the recorded act-0003.
    const [recorded] = recordedActions("login.actions.txt", "QueueAdd");
    expect(await sent({ type: "login", line: "mashhad", official: "farmandar-mashhad" })).toEqual(
      recorded?.filter(([k]) => k !== "actionid"),
    );
    // The switch reported 4003's state interface in QueueStatus: a re-add keeps it.
    expect(await sent({ type: "login", line: "nishapur", official: "پاسخ‌گوی سبزوار" })).toEqual(
      expect.arrayContaining([
        ["stateinterface", "Custom:agent4003"],
        ["membername", "پاسخ‌گوی سبزوار"],
        ["queue", "neyshabur"],
      ]),
    );
    // A device member is its own state interface; a paused add carries the reason last.
    expect(
      await sent({
        type: "login",
        line: "kalat",
        official: "bakhshdar-kalat",
        paused: true,
        reason: "ورود با مکث",
      }),
    ).toEqual([
      ["action", "QueueAdd"],
      ["queue", "kalat"],
      ["interface", "PJSIP/5001"],
      ["penalty", "0"],
      ["paused", "true"],
      ["membername", "بخشدار کلات"],
      ["stateinterface", "PJSIP/5001"],
      ["reason", "ورود با مکث"],
    ]);
  });
});

describe("AMI keep-alive", () => {
  it("turns each answered Ping into a heartbeat, and reconnects when Ping goes unanswered", async () => {
    const fake = new FakeAmi({ secret: "s", stream: Buffer.alloc(0), answerPing: (n) => n > 0 });
    const port = await fake.listen();
    closers.push(() => fake.close());
    const events: string[] = [];
    const adapter = new AmiAdapter({
      url: `ami://u:s@127.0.0.1:${port}`,
      map: fixtureMap(),
      pseudonym: () => undefined,
      counters: new Counters(),
      log: silentLogger(),
      client: { backoffInitialMs: 10, actionTimeoutMs: 100, pingIntervalMs: 30 },
    });
    await adapter.start((batch) => {
      for (const e of batch)
        events.push(e.type === "switch.status" ? `status:${e.connected}` : e.type);
    });
    closers.push(() => adapter.stop());
    await vi.waitFor(() => expect(events).toContain("switch.heartbeat"), { timeout: 5_000 });
    expect(fake.connections).toBeGreaterThanOrEqual(2);
    expect(events.slice(0, 3)).toEqual(["status:true", "status:false", "status:true"]);
  });
});
