import { beforeAll, describe, expect, it } from "vitest";
import { Simulation } from "../../../../server/switches/simulator/simulation.ts";
import { parseSwitchEvent, type SwitchEventInput } from "../../../../shared/events.ts";
import type { Reference } from "../../../../shared/reference.ts";
import { jalaliTimeToMs, tehranParts } from "../../../../shared/tehran-time.ts";
import { provinceReference } from "../../../support/reference.ts";

const DAY = 86_400_000;
/** Saturday 14 Azar 1405, the first day of a published week. */
const WEEK_START = jalaliTimeToMs("1405/09/14", "00:00") ?? 0;

let reference: Reference;
beforeAll(async () => {
  reference = await provinceReference();
});

function runWeek(seed: number): SwitchEventInput[] {
  const simulation = new Simulation({ reference, seed, start: WEEK_START });
  return simulation.advanceTo(WEEK_START + 7 * DAY);
}

describe("simulation", () => {
  it("is reproducible: the same seed gives the same events, another seed others", () => {
    const simulation = (seed: number) => new Simulation({ reference, seed, start: WEEK_START });
    const a = simulation(42).advanceTo(WEEK_START + DAY);
    const b = simulation(42).advanceTo(WEEK_START + DAY);
    const c = simulation(43).advanceTo(WEEK_START + DAY);
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("gives the same events whether it is advanced in one step or in many", () => {
    const whole = new Simulation({ reference, seed: 5, start: WEEK_START }).advanceTo(
      WEEK_START + DAY,
    );
    const stepped = new Simulation({ reference, seed: 5, start: WEEK_START });
    const pieces: SwitchEventInput[] = [];
    for (let t = WEEK_START; t <= WEEK_START + DAY; t += 7_000)
      pieces.push(...stepped.advanceTo(t));
    expect(pieces).toEqual(whole);
  });

  it("emits only valid events, with unique ids, in time order", () => {
    const events = runWeek(1);
    const ids = new Set<string>();
    let last = 0;
    for (const e of events) {
      expect(parseSwitchEvent(e)).toMatchObject({ ok: true });
      expect(ids.has(e.id)).toBe(false);
      ids.add(e.id);
      expect(e.at).toBeGreaterThanOrEqual(last);
      last = e.at;
    }
  });

  it("answers about as many governor calls in a week as the published 850", () => {
    const governorLines = new Set(
      reference.lines.filter((l) => l.agency === null).map((l) => l.id),
    );
    for (const seed of [1, 2, 3]) {
      const answered = runWeek(seed).filter(
        (e) => e.type === "call.answered" && governorLines.has(e.line),
      ).length;
      expect(answered).toBeGreaterThan(850 * 0.85);
      expect(answered).toBeLessThan(850 * 1.15);
    }
  });

  it("follows the Tehran working week and the session timetable", () => {
    const events = runWeek(1);
    for (const e of events) {
      if (e.type !== "call.joined") continue;
      const { weekday, hour } = tehranParts(e.at);
      expect(weekday).toBeLessThanOrEqual(4); // Saturday to Wednesday
      expect(hour).toBeGreaterThanOrEqual(7);
      expect(hour).toBeLessThan(14);
    }
    const logins = events.filter((e) => e.type === "official.logged-in");
    const sessions = reference.sessions.filter(
      (s) => s.date >= "1405/09/14" && s.date <= "1405/09/20",
    );
    // Most scheduled officials come; a few are late past the session or never come.
    expect(logins.length).toBeGreaterThan(sessions.length * 0.85);
    expect(logins.length).toBeLessThanOrEqual(sessions.length);
  });

  it("produces every outcome a real line has", () => {
    const types = new Set(runWeek(2).map((e) => e.type));
    for (const type of [
      "call.joined",
      "call.offered",
      "call.offer-missed",
      "call.answered",
      "call.ended",
      "call.abandoned",
      "official.logged-in",
      "official.logged-out",
      "official.paused",
      "official.resumed",
      "official.state",
    ]) {
      expect(types).toContain(type);
    }
  });

  it("obeys commands as the switch would, with its errors", () => {
    const simulation = new Simulation({ reference, seed: 1, start: WEEK_START + 9 * 3_600_000 });
    simulation.advanceTo(WEEK_START + 9 * 3_600_000);
    expect(
      simulation.command({ type: "login", line: "kalat", official: "farmandar-kalat" }),
    ).toMatchObject({ ok: true });
    expect(
      simulation.command({ type: "login", line: "kalat", official: "farmandar-kalat" }),
    ).toEqual({
      ok: false,
      error: "Unable to add interface: Already there",
    });
    expect(
      simulation.command({ type: "pause", official: "farmandar-kalat", reason: "ناهار" }),
    ).toMatchObject({ ok: true });
    expect(simulation.command({ type: "pause", official: "nobody", reason: "x" })).toEqual({
      ok: false,
      error: "Interface not found",
    });
    expect(
      simulation.command({ type: "logout", line: "sarakhs", official: "farmandar-kalat" }),
    ).toEqual({
      ok: false,
      error: "Unable to remove interface: Not there",
    });
    expect(
      simulation.command({ type: "resume", official: "farmandar-kalat", line: "kalat" }),
    ).toMatchObject({ ok: true });
    expect(
      simulation.command({ type: "logout", line: "kalat", official: "farmandar-kalat" }),
    ).toMatchObject({ ok: true });
    expect(simulation.drain().map((e) => e.type)).toEqual([
      "official.logged-in",
      "official.paused",
      "official.resumed",
      "official.logged-out",
    ]);
  });
});
