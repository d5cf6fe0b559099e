/**
 * The class, not just the cases: generated streams of calls, with hostile, duplicated, shuffled
 * and truncated entries mixed in, through the live model as the log delivers them. FUZZ_RUNS
 * scales the runs (`npm run fuzz`); `npm test` runs a fixed seed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alertThresholdsSchema } from "../../shared/alerts.ts";
import type { SwitchEventInput } from "../../shared/events.ts";
import { LiveModel } from "../../server/live/live-model.ts";
import type { LogEntry } from "../../server/events/event-log.ts";
import { T0 } from "../support/events.ts";
import { fuzz } from "../support/fuzz-runs.ts";
import { smallReference } from "../support/reference.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const LINES = ["kalat", "mashhad", "behzisti"] as const;
const OFFICIAL: Record<string, string> = {
  kalat: "farmandar-kalat",
  mashhad: "farmandar-mashhad",
  behzisti: "modir-behzisti",
};

type Outcome = "answered" | "abandoned" | "timeout";
interface Life {
  line: (typeof LINES)[number];
  outcome: Outcome;
  waitSec: number;
  talkSec: number;
}

const life = fc.record({
  line: fc.constantFrom(...LINES),
  outcome: fc.constantFrom<Outcome>("answered", "abandoned", "timeout"),
  waitSec: fc.integer({ min: 0, max: 600 }),
  talkSec: fc.integer({ min: 1, max: 900 }),
});

let ids = 0;
const header = (at: number) => ({ id: `f${(ids += 1)}`, v: 1 as const, source: "fuzz", at });

/** A clean, in-order stream: logins, then each call's events, sorted by their times. */
function render(lives: Life[]): SwitchEventInput[] {
  const events: SwitchEventInput[] = [
    { ...header(T0), type: "switch.heartbeat", rate: 1 },
    ...LINES.map((line): SwitchEventInput => ({
      ...header(T0),
      type: "official.logged-in",
      line,
      official: OFFICIAL[line]!,
    })),
  ];
  lives.forEach((l, i) => {
    const call = `call-${i}`;
    const joined = T0 + 1_000 + i * 7_000;
    const out = joined + l.waitSec * 1000;
    events.push({ ...header(joined), type: "call.joined", line: l.line, call });
    if (l.outcome === "abandoned") {
      events.push({
        ...header(out),
        type: "call.abandoned",
        line: l.line,
        call,
        waitSec: l.waitSec,
      });
    } else if (l.outcome === "timeout") {
      events.push({
        ...header(out),
        type: "call.left",
        line: l.line,
        call,
        waitSec: l.waitSec,
        reason: "timeout",
      });
    } else {
      const official = OFFICIAL[l.line]!;
      events.push({
        ...header(out),
        type: "call.answered",
        line: l.line,
        call,
        official,
        waitSec: l.waitSec,
      });
      events.push({
        ...header(out + l.talkSec * 1000),
        type: "call.ended",
        line: l.line,
        call,
        official,
        waitSec: l.waitSec,
        talkSec: l.talkSec,
        endedBy: "caller",
      });
    }
  });
  return events.sort((a, b) => a.at - b.at);
}

/**
 * Entries that must change nothing: garbage, hostile times, duplicates, ghosts, doubles. A copy
 * of a clean event comes after it (`from`): before it, it would be the first news of that call.
 */
function noise(clean: SwitchEventInput[]): fc.Arbitrary<{ message: string; from: number }> {
  const index = fc.nat(clean.length - 1);
  const alone = (message: fc.Arbitrary<string>) => message.map((m) => ({ message: m, from: 0 }));
  const copy = (change: (e: SwitchEventInput) => fc.Arbitrary<object> | object) =>
    index.chain((i) => {
      const changed = change(clean[i]!);
      const arbitrary = changed instanceof fc.Arbitrary ? changed : fc.constant(changed);
      return arbitrary.map((e) => ({ message: JSON.stringify(e), from: i + 1 }));
    });
  return fc.oneof(
    alone(fc.string({ maxLength: 200 })),
    alone(fc.json({ maxDepth: 3 })),
    alone(fc.constantFrom("", "null", "[]", "{}", '{"type":"call.joined"}', "x".repeat(20_000))),
    copy((e) => e), // the same event again: a duplicate by id
    copy((e) =>
      fc
        .constantFrom(9e15, -1, 0, 4_102_444_799_000, T0 - 86_400_000, Number.NaN, 1.5)
        .map((at) => ({ ...e, id: `hostile-${(ids += 1)}`, at })),
    ),
    copy((e) => ({ ...e, pad: "x".repeat(17_000) })),
    // The same call answered or joined again under a new id.
    copy((e) =>
      e.type === "call.answered" || e.type === "call.joined"
        ? { ...e, id: `again-${(ids += 1)}` }
        : e,
    ),
    // A ghost that never joined.
    alone(
      fc.constantFrom(...LINES).map((line) =>
        JSON.stringify({
          ...header(T0 + 5_000),
          type: "call.abandoned",
          line,
          call: `ghost-${ids}`,
          waitSec: 3,
        }),
      ),
    ),
  );
}

function model(): LiveModel {
  return new LiveModel({
    reference: smallReference(),
    thresholds: alertThresholdsSchema.parse({}),
    epoch: "fuzz",
    now: T0,
  });
}

/** Feeds entries as the log would: each stamped with the time of the last clean event before it. */
function feed(target: LiveModel, messages: { message: string; appendedAt: number }[]) {
  let outcomes = 0;
  messages.forEach(({ message, appendedAt }, i) => {
    const entry: LogEntry = { id: String(i + 1), appendedAt, message };
    const result = target.apply(entry);
    expect(typeof result.ok).toBe("boolean");
    if (!result.ok) expect(result.reason).toMatch(/^[a-z-]+$/);
    outcomes += 1;
  });
  return outcomes;
}

function figures(target: LiveModel, at: number) {
  target.flush(at, true, null);
  const { lines, province } = target.snapshot();
  return {
    province,
    lines: lines.map(({ id, offered, answered, abandoned, timedOut, waiting, longestWaitSec }) => ({
      id,
      offered,
      answered,
      abandoned,
      timedOut,
      waiting,
      longestWaitSec,
    })),
  };
}

const params = fuzz(60);

describe("live model under generated input", { timeout: Math.max(30_000, RUNS * 200) }, () => {
  it("with noise mixed in, shows exactly the figures of the clean stream", () => {
    fc.assert(
      fc.property(
        fc.array(life, { minLength: 1, maxLength: 40 }).chain((lives) => {
          const clean = render(lives);
          return fc.tuple(
            fc.constant(lives),
            fc.constant(clean),
            fc.array(fc.tuple(fc.nat(clean.length), noise(clean)), { maxLength: 60 }),
          );
        }),
        ([lives, clean, inserts]) => {
          const entries = clean.map((e) => ({ message: JSON.stringify(e), appendedAt: e.at }));
          const noisy = [...entries];
          const placed = inserts.map(([position, { message, from }]) => ({
            position: Math.max(position, from),
            message,
          }));
          for (const { position, message } of placed.sort((a, b) => b.position - a.position)) {
            const appendedAt = entries[Math.max(0, position - 1)]!.appendedAt;
            noisy.splice(position, 0, { message, appendedAt });
          }
          const end = clean[clean.length - 1]!.at + 1000;
          const reference = model();
          feed(reference, entries);
          const target = model();
          expect(feed(target, noisy)).toBe(noisy.length);
          expect(figures(target, end)).toEqual(figures(reference, end));
          // An independent count of the generated lives.
          const province = figures(target, end).province;
          expect(province.offered).toBe(lives.length);
          expect(province.answered).toBe(lives.filter((l) => l.outcome === "answered").length);
          expect(province.abandoned).toBe(lives.filter((l) => l.outcome === "abandoned").length);
          expect(province.timedOut).toBe(lives.filter((l) => l.outcome === "timeout").length);
          expect(province.waiting).toBe(0);
        },
      ),
      params,
    );
  });

  it("shuffled, duplicated and truncated, never throws and never counts more than happened", () => {
    fc.assert(
      fc.property(
        fc.array(life, { minLength: 1, maxLength: 30 }).chain((lives) => {
          const clean = render(lives);
          return fc.tuple(
            fc.constant(lives),
            fc.shuffledSubarray(clean, { minLength: 0, maxLength: clean.length }),
            fc.array(fc.constantFrom(...clean), { maxLength: 20 }),
          );
        }),
        ([lives, shuffled, repeats]) => {
          const stream = [...shuffled, ...repeats];
          const target = model();
          const entries = stream.map((e, i) => ({
            message: JSON.stringify(i % 7 === 3 ? { ...e, id: `${e.id}-again` } : e),
            appendedAt: T0 + i,
          }));
          expect(feed(target, entries)).toBe(entries.length);
          const { province } = figures(target, T0 + 3_600_000);
          const outcomes =
            province.answered + province.abandoned + province.timedOut + province.leftUnanswered;
          expect(province.offered).toBeLessThanOrEqual(lives.length);
          expect(outcomes).toBeLessThanOrEqual(province.offered);
          expect(province.waiting + outcomes).toBeLessThanOrEqual(province.offered + province.lost);
          expect(Number.isFinite(province.longestWaitTodaySec)).toBe(true);
          expect(province.longestWaitTodaySec).toBeLessThanOrEqual(3_600 + 600);
        },
      ),
      params,
    );
  });

  it("holds its memory bounded under a flood of unknown lines, officials and calls", () => {
    const target = model();
    for (let i = 0; i < 30_000; i += 1) {
      const at = T0 + i * 10;
      target.apply({
        id: String(i),
        appendedAt: at,
        message: JSON.stringify({
          ...header(at),
          type: i % 2 ? "call.joined" : "official.logged-in",
          line: `junk-${i % 997}`,
          call: `c${i}`,
          official: `o${i}`,
        }),
      });
    }
    const state = target.state;
    expect(state.lines.size).toBeLessThanOrEqual(smallReference().lines.length + 300);
    expect(state.officials.size).toBeLessThanOrEqual(smallReference().officials.length + 1_000);
    expect(state.recentIdOrder.length).toBeLessThanOrEqual(20_000);
    expect(state.calls.size).toBeLessThanOrEqual(15_000);
  });
});
