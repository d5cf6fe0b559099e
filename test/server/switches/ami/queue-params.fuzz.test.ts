/**
 * Hostile QueueParams after reconnects (issue 9 item 2): counters negative, huge, garbled,
 * decreasing, percentages out of range. Never a throw, never an invalid event, every unusable
 * row counted, a counter that went back taken as a restart (no delta), and what is added is
 * exactly what the switch's counters grew by.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSwitchEvent } from "../../../../shared/events.ts";
import { AmiMapper } from "../../../../server/switches/ami/mapper.ts";
import { parseMessageText, type AmiMessage } from "../../../../server/switches/ami/parser.ts";
import { fuzz } from "../../../support/fuzz-runs.ts";
import { fixtureMap } from "../recordings.ts";

const NOW = Date.UTC(2026, 10, 30);
const QUEUES = ["mashhad", "neyshabur", "sabzevar"];

const number = fc.oneof(
  fc.nat(50).map(String),
  fc.integer({ min: 0, max: 2_000_000_000 }).map(String),
  fc.integer({ min: -1000, max: -1 }).map(String),
  fc.constantFrom(
    "",
    " ",
    "abc",
    "NaN",
    "Infinity",
    "1e3",
    "0x10",
    "7.5",
    "99999999999999",
    "١٢",
    " 12 ",
    "-0",
  ),
);
const percent = fc.oneof(
  fc.float({ min: 0, max: 100, noNaN: true }).map((p) => p.toFixed(1)),
  fc.constantFrom("", "150.0", "-1", "nan", "100.0", "0.0", "50"),
);

const row = fc.record({
  queue: fc.oneof(fc.constantFrom(...QUEUES), fc.constantFrom("", "x".repeat(300), "other")),
  completed: number,
  abandoned: number,
  perf: percent,
  perf2: percent,
  hold: number,
  talk: number,
});
type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;

function message(r: Row): AmiMessage {
  const text =
    `Event: QueueParams\r\nQueue: ${r.queue}\r\nHoldtime: ${r.hold}\r\nTalkTime: ${r.talk}\r\n` +
    `Completed: ${r.completed}\r\nAbandoned: ${r.abandoned}\r\nServiceLevel: 20\r\n` +
    `ServicelevelPerf: ${r.perf}\r\nServicelevelPerf2: ${r.perf2}\r\n`;
  const m = parseMessageText(text);
  if (!m) throw new Error("test message did not parse");
  return m;
}

const counter = (raw: string): number | null => {
  const t = raw.trim();
  return /^\d{1,10}$/.test(t) && Number(t) <= 1_000_000_000 ? Number(t) : null;
};

describe("QueueParams, fuzzed", () => {
  it("never throws, counts every unusable row, and adds only what the counters grew by", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(row, { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        (resyncs) => {
          const map = fixtureMap();
          const mapper = new AmiMapper({ map, pseudonym: () => undefined, now: () => NOW });
          const last = new Map<string, { c: number; a: number }>();
          let bad = 0;
          let resets = 0;
          const added = new Map<string, { c: number; a: number }>();
          for (const rows of resyncs) {
            const events = mapper.resync(
              { members: [], entries: [], params: rows.map(message) },
              NOW,
            );
            for (const e of events) {
              const parsed = parseSwitchEvent(e);
              expect(parsed.ok).toBe(true);
              if (!parsed.ok || parsed.event.type !== "line.reconciled") {
                expect.fail(`unexpected ${e.type}`);
                continue;
              }
              const sum = added.get(parsed.event.line) ?? { c: 0, a: 0 };
              sum.c += parsed.event.completed;
              sum.a += parsed.event.abandoned;
              added.set(parsed.event.line, sum);
            }
            // The model: what each row should do.
            for (const r of rows) {
              const c = counter(r.completed);
              const a = counter(r.abandoned);
              if (!r.queue || r.queue.length > 200 || c === null || a === null) {
                bad += 1;
                continue;
              }
              const before = last.get(r.queue);
              last.set(r.queue, { c, a });
              if (!before) continue;
              if (c < before.c || a < before.a) resets += 1;
              else if (c - before.c > 100_000 || a - before.a > 100_000) bad += 1;
              else {
                const line = map.line(r.queue);
                const sum = added.get(`model:${line}`) ?? { c: 0, a: 0 };
                sum.c += c - before.c;
                sum.a += a - before.a;
                added.set(`model:${line}`, sum);
              }
            }
          }
          expect(mapper.stats.badParams).toBe(bad);
          expect(mapper.stats.counterResets).toBe(resets);
          for (const [key, sum] of added) {
            if (key.startsWith("model:")) continue;
            expect(sum).toEqual(added.get(`model:${key}`));
          }
          for (const [key, sum] of added) {
            if (!key.startsWith("model:") || sum.c + sum.a === 0) continue;
            expect(added.get(key.slice("model:".length))).toEqual(sum);
          }
        },
      ),
      fuzz(300),
    );
  });
});
