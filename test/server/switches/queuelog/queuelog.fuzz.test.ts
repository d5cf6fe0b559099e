/**
 * The queue_log line splitter and mapper against generated input (issue 7): recorded logs cut
 * anywhere, duplicated and truncated, with garbage, huge lines, invalid UTF-8 and hostile numbers
 * in between. Never a throw, never an invalid event, every bad line counted, memory bounded, and
 * a valid log gives the same events however it is read. `npm run fuzz` runs it longer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSwitchEvent, type SwitchEventInput } from "../../../../shared/events.ts";
import { LineIds } from "../../../../server/switches/queuelog/line-ids.ts";
import { LineSplitter } from "../../../../server/switches/queuelog/line-splitter.ts";
import { QueueLogMapper } from "../../../../server/switches/queuelog/mapper.ts";
import { fuzz } from "../../../support/fuzz-runs.ts";
import { fixture, fixtureMap, SCENARIOS } from "../recordings.ts";

const NOW = Date.UTC(2026, 10, 30);
const MAX_LINE = 512;

const LINES = SCENARIOS.map((s) =>
  fixture(`${s}.queue_log`)
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== ""),
);

const windowOf = fc
  .tuple(fc.nat(SCENARIOS.length - 1), fc.nat(), fc.integer({ min: 1, max: 80 }))
  .map(([s, start, n]) => {
    const all = LINES[s] ?? [];
    const from = start % all.length;
    return all.slice(from, from + n);
  });

interface Run {
  events: SwitchEventInput[];
  lines: string[];
  mapper: QueueLogMapper;
  oversized: number;
  maxPending: number;
}

/** Bytes through the splitter (in the given pieces) and the mapper, as the adapter does. */
function run(pieces: Uint8Array[]): Run {
  let oversized = 0;
  const splitter = new LineSplitter(MAX_LINE, () => (oversized += 1));
  const ids = new LineIds();
  const mapper = new QueueLogMapper({
    map: fixtureMap(),
    pseudonym: (n) => (n ? "p" : undefined),
    now: () => NOW,
  });
  const events: SwitchEventInput[] = [];
  const lines: string[] = [];
  let maxPending = 0;
  for (const piece of pieces) {
    for (const line of splitter.push(piece)) {
      lines.push(line);
      events.push(...mapper.map(line, ids.next(line)));
    }
    maxPending = Math.max(maxPending, splitter.pendingBytes);
  }
  return { events, lines, mapper, oversized, maxPending };
}

function cut(bytes: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const point of sorted) {
    out.push(bytes.subarray(last, point));
    last = point;
  }
  out.push(bytes.subarray(last));
  return out;
}

const HOSTILE = ["9000000000000", "-1", "NaN", "1e400", "1e21", "", "0", "۳", "99999999", "x"];

/** A queue_log line with hostile values in its time and data columns. */
const hostileLine = fc
  .record({
    time: fc.constantFrom("1795950430", ...HOSTILE),
    event: fc.constantFrom(
      "ENTERQUEUE",
      "CONNECT",
      "COMPLETECALLER",
      "COMPLETEAGENT",
      "ABANDON",
      "EXITWITHTIMEOUT",
      "EXITWITHKEY",
      "RINGNOANSWER",
      "BLINDTRANSFER",
      "PAUSE",
      "ADDMEMBER",
      "QUEUESTART",
    ),
    data: fc.array(fc.constantFrom(...HOSTILE, "09150000000"), { maxLength: 5 }),
  })
  .map(({ time, event, data }) => `${time}|1.1|mashhad|Reza Ahmadi|${event}|${data.join("|")}`);

/** A line's bytes that are not queue_log: noise, invalid UTF-8, huge lines (no newline inside). */
const garbageLine = fc
  .oneof(
    fc.string({ maxLength: 80 }).map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
    fc.integer({ min: MAX_LINE, max: 4 * MAX_LINE }).map((n) => Buffer.from("7".repeat(n))),
    fc.constant(Buffer.from("1795950430|1.1|mashhad|NONE|lowercase|1")),
    fc.constant(Buffer.from([0xff, 0xfe, 0x7c, 0x7c, 0xc3])),
  )
  .map((b) => Buffer.from(b.filter((byte) => byte !== 0x0a)));

const joinLines = (lines: Buffer[]): Buffer =>
  Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")]));

const bad = (m: QueueLogMapper): number =>
  m.stats.malformed + m.stats.badTime + m.stats.unknown + m.stats.badField;

describe("queue_log splitter and mapper, fuzzed (issue 7)", () => {
  it("give the same lines and events for a valid log however it is read", () => {
    fc.assert(
      fc.property(windowOf, fc.array(fc.nat(), { maxLength: 40 }), (lines, points) => {
        const bytes = Buffer.from(`${lines.join("\n")}\n`);
        const whole = run([bytes]);
        const pieces = run(cut(bytes, points));
        expect(pieces.lines).toEqual(lines);
        expect(pieces.events).toEqual(whole.events);
        expect(whole.mapper.stats).toMatchObject({ malformed: 0, badTime: 0, badField: 0 });
      }),
      fuzz(80),
    );
  });

  it("keep every valid line around garbage and huge lines, and count each bad one", () => {
    fc.assert(
      fc.property(
        windowOf,
        fc.array(fc.tuple(fc.nat(), garbageLine), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (lines, insertions, points) => {
          const dirty = lines.map((l) => Buffer.from(l));
          for (const [at, line] of insertions) dirty.splice(at % (dirty.length + 1), 0, line);
          const noisy = run(cut(joinLines(dirty), points));
          expect(noisy.lines.filter((l) => lines.includes(l))).toEqual(lines);
          // Each garbage line is dropped as oversized, or counted as bad by the mapper.
          const garbage = insertions.filter(([, l]) => l.toString().trim() !== "").length;
          expect(noisy.oversized + bad(noisy.mapper)).toBe(garbage);
          expect(noisy.maxPending).toBeLessThanOrEqual(MAX_LINE);
          for (const event of noisy.events)
            expect(parseSwitchEvent(event)).toMatchObject({ ok: true });
        },
      ),
      fuzz(80),
    );
  });

  it("never throw, emit only valid events in the plausible range, with duplicates and cuts", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            windowOf.map((l) => l.join("\n")),
            hostileLine,
            garbageLine,
          ),
          {
            maxLength: 30,
          },
        ),
        fc.boolean(),
        fc.nat(),
        (parts, duplicate, truncateAt) => {
          const text = (duplicate ? [...parts, ...parts] : parts).join("\n");
          const bytes = Buffer.from(text, "utf8");
          const r = run([bytes.subarray(0, truncateAt % (bytes.length + 1))]);
          for (const event of r.events) {
            expect(parseSwitchEvent(event)).toMatchObject({ ok: true });
            expect(event.at).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
            expect(event.at).toBeLessThanOrEqual(NOW + 86_400_000);
          }
          expect(r.maxPending).toBeLessThanOrEqual(MAX_LINE);
        },
      ),
      fuzz(80),
    );
  });

  it("count each line with an implausible time, and make no event of it", () => {
    fc.assert(
      fc.property(hostileLine, (line) => {
        const r = run([Buffer.from(`${line}\n`)]);
        const time = line.split("|")[0] ?? "";
        const at = Number(time) * 1000;
        const plausible =
          /^\d+$/.test(time) && at >= Date.UTC(2000, 0, 1) && at <= NOW + 86_400_000;
        if (!plausible) {
          expect(r.events).toEqual([]);
          expect(r.mapper.stats.badTime + r.mapper.stats.malformed).toBe(1);
        } else expect(r.mapper.stats.badTime + r.mapper.stats.malformed).toBe(0);
      }),
      fuzz(150),
    );
  });
});
