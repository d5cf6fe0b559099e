import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AmiParser,
  encodeAction,
  header,
  type ParsedItem,
} from "../../../../server/switches/ami/parser.ts";
import { fixture } from "../recordings.ts";

const texts = (items: ParsedItem[]): string[] =>
  items.map((i) =>
    i.kind === "banner" ? `banner:${i.text}` : JSON.stringify([...i.message.headers]),
  );

function feedInChunks(bytes: Uint8Array, cuts: number[]): ParsedItem[] {
  const parser = new AmiParser();
  const out: ParsedItem[] = [];
  let last = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out.push(...parser.push(bytes.subarray(last, cut)));
    last = cut;
  }
  out.push(...parser.push(bytes.subarray(last)));
  return out;
}

describe("AmiParser", () => {
  it("reads the banner, a response and an event", () => {
    const parser = new AmiParser();
    const items = parser.push(
      Buffer.from(
        "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: a1\r\nMessage: Authentication accepted\r\n\r\n" +
          "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n",
      ),
    );
    expect(items[0]).toEqual({ kind: "banner", text: "Asterisk Call Manager/11.0.0" });
    expect(items).toHaveLength(3);
    const [, response, event] = items;
    if (response?.kind !== "message" || event?.kind !== "message")
      throw new Error("expected messages");
    expect(header(response.message, "actionid")).toBe("a1");
    expect(header(event.message, "Event")).toBe("FullyBooted");
    expect(header(event.message, "Status")).toBe("Fully Booted");
  });

  it("keeps an empty value and a value with a colon", () => {
    const [item] = new AmiParser().push(
      Buffer.from("Event: X\r\nPausedReason: \r\nData: a: b\r\n\r\n"),
    );
    if (item?.kind !== "message") throw new Error("expected a message");
    expect(header(item.message, "PausedReason")).toBe("");
    expect(header(item.message, "Data")).toBe("a: b");
  });

  it("joins a Persian name split inside a multi-byte character", () => {
    const bytes = Buffer.from(
      "Event: QueueMemberAdded\r\nMemberName: پاسخ‌گوی سبزوار\r\n\r\n",
      "utf8",
    );
    const nameAt = bytes.indexOf(Buffer.from("پ", "utf8"));
    const items = feedInChunks(bytes, [nameAt + 1, nameAt + 3]);
    expect(items).toHaveLength(1);
    const [item] = items;
    if (item?.kind !== "message") throw new Error("expected a message");
    expect(header(item.message, "MemberName")).toBe("پاسخ‌گوی سبزوار");
    expect(new AmiParser().drops.invalidUtf8).toBe(0);
  });

  it("reads a recording the same whatever the cuts between reads", () => {
    const bytes = fixture("login.ami.txt").subarray(0, 60_000);
    const whole = texts(new AmiParser().push(bytes));
    expect(whole[0]).toBe("banner:Asterisk Call Manager/11.0.0");
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }),
        (cuts) => {
          expect(texts(feedInChunks(bytes, cuts))).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("drops an oversized message and carries on", () => {
    const parser = new AmiParser({ maxMessageBytes: 1000 });
    const items = parser.push(
      Buffer.from(`Event: Big\r\nData: ${"x".repeat(5000)}\r\n\r\nEvent: Small\r\n\r\n`),
    );
    expect(texts(items)).toEqual([JSON.stringify([["event", "Small"]])]);
    expect(parser.drops.oversized).toBe(1);
  });

  it("never throws on random or mutated bytes", () => {
    const sample = fixture("pause.ami.txt").subarray(0, 20_000);
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(sample.length - 1), fc.integer({ min: 0, max: 255 })), {
          maxLength: 50,
        }),
        (chunks, flips) => {
          const parser = new AmiParser({ maxMessageBytes: 4096 });
          for (const chunk of chunks) parser.push(chunk);
          const mutated = Buffer.from(sample);
          for (const [at, value] of flips) mutated[at] = value;
          for (let i = 0; i < mutated.length; i += 997) parser.push(mutated.subarray(i, i + 997));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("encodes an action without letting a value break the framing", () => {
    expect(
      encodeAction([
        ["Action", "QueuePause"],
        ["Reason", "a\r\nAction: Logoff"],
      ]),
    ).toBe("Action: QueuePause\r\nReason: a Action: Logoff\r\n\r\n");
  });
});

describe("AmiParser resynchronisation (issue 7)", () => {
  const join =
    "Event: QueueCallerJoin\r\nTimestamp: 1795949690.5\r\nQueue: mashhad\r\nUniqueid: 1795949690.1\r\n\r\n";
  const events = (items: ParsedItem[]): string[] =>
    items.flatMap((i) => (i.kind === "message" ? [header(i.message, "Event") ?? "-"] : []));

  it.each([
    ["binary garbage without a line end", Buffer.from([0x00, 0xff, 0x13, 0x37])],
    ["a stray word", Buffer.from("GARBAGE")],
    ["garbage lines", Buffer.from("\u0000junk\r\nmore junk here\r\n")],
    ["a header line that is not a message start", Buffer.from("Queue: sabzevar\r\n")],
    [
      "a message cut off at a line end",
      Buffer.from("Event: QueueMemberStatus\r\nQueue: neyshabur\r\n"),
    ],
  ])("keeps the event that follows %s, and counts the garbage", (_what, garbage) => {
    const parser = new AmiParser();
    const items = parser.push(Buffer.concat([garbage, Buffer.from(join)]));
    expect(events(items)).toEqual(["QueueCallerJoin"]);
    const [item] = items;
    if (item?.kind !== "message") throw new Error("expected a message");
    expect(header(item.message, "Queue")).toBe("mashhad");
    expect(header(item.message, "Uniqueid")).toBe("1795949690.1");
    expect(parser.drops.garbage).toBe(1);
    expect(parser.lastDrop).not.toBe("");
  });

  it("keeps the Response: header of an OriginateResponse event in the event", () => {
    const parser = new AmiParser();
    const [item] = parser.push(
      Buffer.from(
        "Event: OriginateResponse\r\nActionID: c1\r\nResponse: Success\r\nUniqueid: 1.0\r\n\r\n",
      ),
    );
    if (item?.kind !== "message") throw new Error("expected a message");
    expect(header(item.message, "Event")).toBe("OriginateResponse");
    expect(header(item.message, "Response")).toBe("Success");
    expect(header(item.message, "Uniqueid")).toBe("1.0");
    expect(parser.drops.garbage).toBe(0);
  });

  it("never takes caller-controlled text inside a value for a message start", () => {
    const parser = new AmiParser();
    const items = parser.push(
      Buffer.from(
        "Event: Newchannel\r\nCallerIDName: x Event: QueueCallerAbandon\r\nUniqueid: 1.1\r\n\r\n",
      ),
    );
    expect(events(items)).toEqual(["Newchannel"]);
    expect(parser.drops.garbage).toBe(0);
  });

  it("counts a block that has no Event or Response line as garbage", () => {
    const parser = new AmiParser();
    const items = parser.push(Buffer.from(`Foo: bar\r\nBaz: 1\r\n\r\n${join}`));
    expect(events(items)).toEqual(["QueueCallerJoin"]);
    expect(parser.drops.garbage).toBe(1);
  });

  it("bounds a message that never ends, then picks up at the next Event line", () => {
    const parser = new AmiParser({ maxMessageBytes: 4096 });
    const out: ParsedItem[] = [];
    out.push(...parser.push(Buffer.from("Event: Endless\r\n")));
    for (let i = 0; i < 2000; i += 1) {
      out.push(...parser.push(Buffer.from(`Data-${i}: ${"x".repeat(40)}\r\n`)));
      expect(parser.bufferedBytes).toBeLessThanOrEqual(4096 + 64);
    }
    out.push(...parser.push(Buffer.from(join)));
    expect(events(out)).toEqual(["QueueCallerJoin"]);
    expect(parser.drops.oversized).toBe(1);
  });

  it("bounds a line that never ends", () => {
    const parser = new AmiParser({ maxMessageBytes: 4096 });
    for (let i = 0; i < 1000; i += 1) {
      parser.push(Buffer.from("y".repeat(100)));
      expect(parser.bufferedBytes).toBeLessThanOrEqual(4096 + 64);
    }
    expect(events(parser.push(Buffer.from(`\r\n${join}`)))).toEqual(["QueueCallerJoin"]);
    expect(parser.drops.oversized).toBe(1);
  });
});
