import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SwitchEventInput } from "../../../../shared/events.ts";
import { AmiMapper } from "../../../../server/switches/ami/mapper.ts";
import { parseMessageText, type AmiMessage } from "../../../../server/switches/ami/parser.ts";
import { createPseudonymizer } from "../../../../server/switches/pseudonym.ts";
import { fixtureMap, reduce } from "../recordings.ts";

const msg = (fields: Record<string, string | number>): AmiMessage => {
  const text = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  const message = parseMessageText(text);
  if (!message) throw new Error("empty message");
  return message;
};

/** Switch time of the tests' events, epoch seconds (the recordings' day). */
const T0 = 1_795_949_000;

const caller = (
  event: string,
  uid: string,
  t: number,
  extra: Record<string, string | number> = {},
) => msg({ Event: event, Timestamp: T0 + t, Queue: "neyshabur", Uniqueid: uid, ...extra });
const member = (event: string, t: number, extra: Record<string, string | number> = {}) =>
  msg({
    Event: event,
    Timestamp: T0 + t,
    Queue: "neyshabur",
    Interface: "Local/2001@agents/n",
    MemberName: "Zahra Mohammadi",
    ...extra,
  });

function run(mapper: AmiMapper, messages: AmiMessage[]): SwitchEventInput[] {
  return messages.flatMap((m) => mapper.map(m, 0));
}

const newMapper = (): AmiMapper =>
  new AmiMapper({
    map: fixtureMap(),
    pseudonym: createPseudonymizer("mapper-test-key-0123456789"),
  });

describe("AmiMapper", () => {
  it("tells a key press and an empty line from an abandon", () => {
    const events = run(newMapper(), [
      caller("QueueCallerJoin", "1.1", 100, { CallerIDNum: "09150000000", Position: 1 }),
      caller("QueueCallerLeave", "1.1", 104),
      caller("Newexten", "1.1", 104),
      caller("Hangup", "1.1", 130),
      caller("QueueCallerJoin", "2.1", 200, { CallerIDNum: "<unknown>" }),
      caller("QueueCallerAbandon", "2.1", 209, { HoldTime: 9, OriginalPosition: 1 }),
      caller("QueueCallerLeave", "2.1", 209),
      caller("VarSet", "2.1", 209, { Variable: "QUEUESTATUS", Value: "LEAVEEMPTY" }),
    ]);
    expect(
      events.map((e) => [e.type, "reason" in e ? e.reason : "", "waitSec" in e ? e.waitSec : ""]),
    ).toEqual([
      ["call.joined", "", ""],
      ["call.left", "key", 4],
      ["call.joined", "", ""],
      ["call.left", "empty", 9],
    ]);
    expect(events[0]).toMatchObject({
      line: "nishapur",
      caller: expect.stringMatching(/^[\w-]{16}$/),
      position: 1,
    });
    expect(events[2]).not.toHaveProperty("caller");
  });

  it("learns a static member from its first ring and counts its completion", () => {
    const events = run(newMapper(), [
      caller("QueueCallerJoin", "1.1", 100),
      member("AgentCalled", 101, { Uniqueid: "1.1" }),
      caller("QueueCallerLeave", "1.1", 103),
      member("AgentConnect", 103, { Uniqueid: "1.1", HoldTime: 3, RingTime: 2 }),
      member("AgentComplete", 120, {
        Uniqueid: "1.1",
        HoldTime: 3,
        TalkTime: 17,
        Reason: "caller",
      }),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      "call.joined",
      "official.logged-in",
      "call.offered",
      "call.answered",
      "call.ended",
    ]);
    expect(events.at(-1)).toMatchObject({
      official: "Zahra Mohammadi",
      endedBy: "caller",
      talkSec: 17,
    });
    expect(events.at(-1)).not.toHaveProperty("switchCounted");
  });

  it("rebuilds members, pauses and waiting callers from QueueStatus", () => {
    const mapper = newMapper();
    run(mapper, [
      member("QueueMemberStatus", 100, { Status: 1, Paused: 0 }),
      msg({
        Event: "QueueMemberStatus",
        Timestamp: T0 + 100,
        Queue: "mashhad",
        Interface: "Local/1001@agents/n",
        MemberName: "Reza Ahmadi",
        Status: 1,
        Paused: 0,
      }),
      caller("QueueCallerJoin", "1.1", 101),
      caller("QueueCallerJoin", "2.1", 102),
    ]);
    const resync = mapper.resync(
      {
        members: [
          msg({
            Event: "QueueMember",
            Queue: "neyshabur",
            Name: "Zahra Mohammadi",
            Location: "Local/2001@agents/n",
            Status: 2,
            Paused: 1,
            PausedReason: "جلسه",
          }),
        ],
        entries: [
          msg({ Event: "QueueEntry", Queue: "neyshabur", Uniqueid: "2.1", Wait: 60, Position: 1 }),
          msg({
            Event: "QueueEntry",
            Queue: "neyshabur",
            Uniqueid: "3.1",
            Wait: 30,
            Position: 2,
            CallerIDNum: "0915",
          }),
        ],
      },
      (T0 + 162) * 1000,
    );
    expect(
      resync.map((e) => `${e.type} ${"official" in e ? e.official : "call" in e ? e.call : ""}`),
    ).toEqual([
      "official.paused Zahra Mohammadi",
      "official.state Zahra Mohammadi",
      "official.logged-out Reza Ahmadi",
      "call.joined 3.1",
      "call.gone 1.1",
    ]);
    expect(resync.find((e) => e.type === "call.joined")).toMatchObject({
      at: (T0 + 132) * 1000,
      position: 2,
    });
    expect(resync.find((e) => e.type === "official.paused")).toMatchObject({ reason: "جلسه" });
  });

  it("reads the event names of Asterisk 11", () => {
    const events = run(newMapper(), [
      msg({ Event: "Join", Timestamp: T0 + 1, Queue: "mashhad", Uniqueid: "9.1", Position: 1 }),
      msg({ Event: "Leave", Timestamp: T0 + 2, Queue: "mashhad", Uniqueid: "9.1" }),
      msg({
        Event: "QueueMemberPaused",
        Timestamp: T0 + 3,
        Queue: "mashhad",
        Location: "Local/1002@agents/n",
        MemberName: "Maryam Hosseini",
        Paused: 1,
        Reason: "lunch",
      }),
    ]);
    expect(events.map((e) => e.type)).toEqual(["call.joined", "official.logged-in"]);
    expect(events[1]).toMatchObject({ official: "Maryam Hosseini", paused: true, reason: "lunch" });
  });

  it("takes an event named like an Object property for an unknown event, not a crash", () => {
    const mapper = newMapper();
    for (const name of ["valueOf", "toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect(mapper.map(msg({ Event: name, Timestamp: T0 }), 0)).toEqual([]);
    }
    expect(mapper.stats.unknown).toBe(5);
  });

  it("skips the noise, counts the unknown, and never throws on arbitrary messages", () => {
    const mapper = newMapper();
    run(mapper, [
      msg({ Event: "Newexten" }),
      msg({ Event: "BrandNewThing" }),
      msg({ Event: "QueueCallerJoin" }),
    ]);
    expect(mapper.stats).toMatchObject({ unknown: 1, invalid: 1 });
    const names = [
      "Event",
      "Queue",
      "Uniqueid",
      "Interface",
      "MemberName",
      "HoldTime",
      "TalkTime",
      "RingTime",
      "Paused",
      "Status",
      "Variable",
      "Value",
      "Timestamp",
      "Reason",
      "Position",
    ];
    const values = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "QueueCallerJoin",
        "QueueCallerAbandon",
        "QueueCallerLeave",
        "AgentConnect",
        "AgentComplete",
        "AgentCalled",
        "QueueMemberRemoved",
        "QueueMemberStatus",
        "VarSet",
        "Hangup",
        "QUEUESTATUS",
        "TIMEOUT",
        "1",
        "-5",
        "NaN",
        "1e400",
        "1.1",
      ),
    );
    const events: SwitchEventInput[] = [];
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom(...names), values), { maxLength: 30 }),
        (fieldSets) => {
          for (const fields of fieldSets) {
            const message = parseMessageText(
              Object.entries(fields)
                .map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, "")}`)
                .join("\r\n"),
            );
            if (message) events.push(...mapper.map(message, T0 * 1000));
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(() => reduce(events)).not.toThrow();
  });

  describe("a member removed while it rings (issue 7)", () => {
    const sabzevar = (event: string, t: number, extra: Record<string, string | number> = {}) =>
      msg({ Event: event, Timestamp: T0 + t, Queue: "sabzevar", ...extra });
    const hassan = { Interface: "Local/2002@agents/n", MemberName: "Hassan Rahimi" };
    const ringRemoveConnect = [
      sabzevar("QueueCallerJoin", 1, { Uniqueid: "5.1", Position: 1 }),
      sabzevar("AgentCalled", 2, { Uniqueid: "5.1", ...hassan }),
      sabzevar("QueueMemberRemoved", 3, { ...hassan, Membership: "dynamic" }),
      sabzevar("QueueCallerLeave", 6, { Uniqueid: "5.1" }),
      sabzevar("AgentConnect", 6, { Uniqueid: "5.1", HoldTime: 5, RingTime: 4, ...hassan }),
      sabzevar("AgentComplete", 20, {
        Uniqueid: "5.1",
        HoldTime: 5,
        TalkTime: 14,
        Reason: "caller",
        ...hassan,
      }),
    ];

    it.each([
      [
        "added on the switch",
        [sabzevar("QueueMemberAdded", 0, { ...hassan, Status: 1, Paused: 0 })],
      ],
      ["never heard of before its ring", []],
    ])("takes the connect as a call, not a login, when %s", (_how, before) => {
      const events = run(newMapper(), [...before, ...ringRemoveConnect]);
      const state = reduce(events);
      const line = state.lines.get("sabzevar");
      expect(line?.members.has("Hassan Rahimi")).toBe(false);
      expect(line?.counters.answered).toBe(1);
      expect(events.filter((e) => e.type === "official.logged-in").length).toBe(1);
      expect(events.at(-1)).toMatchObject({ type: "call.ended", switchCounted: false });
    });

    it("learns no member from a ring once QueueStatus has listed them all", () => {
      const mapper = newMapper();
      mapper.resync({ members: [], entries: [] }, T0 * 1000);
      const events = run(mapper, [
        sabzevar("QueueCallerJoin", 1, { Uniqueid: "6.1" }),
        sabzevar("AgentCalled", 2, { Uniqueid: "6.1", ...hassan }),
        sabzevar("AgentConnect", 4, { Uniqueid: "6.1", HoldTime: 3, ...hassan }),
      ]);
      expect(events.map((e) => e.type)).toEqual(["call.joined", "call.offered", "call.answered"]);
    });
  });

  it("drops a message with an implausible Timestamp, and counts it (issue 7)", () => {
    const mapper = new AmiMapper({
      map: fixtureMap(),
      pseudonym: () => undefined,
      now: () => T0 * 1000,
    });
    const join = (uid: string, timestamp: string) =>
      msg({ Event: "QueueCallerJoin", Timestamp: timestamp, Queue: "mashhad", Uniqueid: uid });
    const events = run(mapper, [
      join("1.1", "9000000000000"),
      join("2.1", "0"),
      join("3.1", "-5"),
      join("4.1", "NaN"),
      join("5.1", String(T0 + 2 * 86_400)), // two days ahead of the adapter's clock
      join("6.1", String(T0 + 3_600)), // an hour ahead: clocks differ, still plausible
    ]);
    expect(events.map((e) => e.type === "call.joined" && e.call)).toEqual(["6.1"]);
    expect(mapper.stats).toMatchObject({ badTime: 5, invalid: 0 });
    expect(mapper.lastAt).toBe((T0 + 3_600) * 1000);
  });

  it("never uses a negative, garbled or day-long duration or a huge position (issue 7)", () => {
    const mapper = newMapper();
    const events = run(mapper, [
      caller("QueueCallerJoin", "1.1", 100, { Position: "1e21" }),
      member("AgentConnect", 103, { Uniqueid: "1.1", HoldTime: "9000000000000", RingTime: -2 }),
      member("AgentComplete", 120, { Uniqueid: "1.1", HoldTime: "NaN", TalkTime: "1e400" }),
    ]);
    expect(events.find((e) => e.type === "call.joined")).not.toHaveProperty("position");
    expect(events.find((e) => e.type === "call.answered")).toMatchObject({ waitSec: 3 });
    expect(events.find((e) => e.type === "call.answered")).not.toHaveProperty("ringSec");
    expect(events.find((e) => e.type === "call.ended")).toMatchObject({ waitSec: 0, talkSec: 0 });
    expect(mapper.stats.badField).toBe(5);
    reduce(events);
  });
});
