/**
 * The fast block splitter (issue 13) against the plain one it replaced: the same message, the
 * same headers, the same reason for what it skipped, on any text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitBlock } from "../../../../server/switches/ami/block.ts";
import { fuzz } from "../../../support/fuzz-runs.ts";
import { splitBlock as reference } from "./block-reference.ts";

const piece = fc.oneof(
  fc.constantFrom(
    "Event: ",
    "Response: ",
    "Event",
    "event: ",
    "Queue",
    ": ",
    ":",
    " ",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\u00a0",
    "\ufeff",
    "\u2028",
    "\u0000",
    "\u00ff",
    "ChanVariable(",
    ")",
    "(",
    "-",
    "_",
    "9",
    "پاسخ‌گو",
    "Value with: colon",
  ),
  fc.string({ maxLength: 6 }),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/),
);
const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(""));
const startsOf = fc.constantFrom(["event", "response"], ["action"], ["event"]);

interface Split {
  skipped: string;
  message: { start: string; malformed: number; headers: ReadonlyMap<string, string> } | null;
}

const plain = (r: Split) => ({
  skipped: r.skipped,
  message: r.message && {
    start: r.message.start,
    malformed: r.message.malformed,
    headers: [...r.message.headers],
    // The fast path answers single lookups without the Map: the same answer.
    lookedUp: [...r.message.headers.keys()].map((k) => r.message?.headers.get(k)),
  },
});

describe("splitBlock", () => {
  it("reads any text as the plain splitter did", () => {
    fc.assert(
      fc.property(text, startsOf, (t, starts) => {
        expect(plain(splitBlock(t, starts))).toEqual(plain(reference(t, starts)));
      }),
      fuzz(3000),
    );
  });

  it("reads the recordings' messages as the plain splitter did", async () => {
    const { fixture, SCENARIOS } = await import("../recordings.ts");
    for (const scenario of SCENARIOS) {
      const blocks = fixture(`${scenario}.ami.txt`).toString("utf8").split("\r\n\r\n");
      for (const block of blocks) {
        expect(plain(splitBlock(block, ["event", "response"]))).toEqual(
          plain(reference(block, ["event", "response"])),
        );
      }
    }
  });
});
