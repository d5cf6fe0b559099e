import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapAmiBytes } from "../../../../server/switches/ami/recording.ts";
import {
  fixture,
  fixtureMap,
  ourFigures,
  reduce,
  SCENARIOS,
  switchFigures,
} from "../recordings.ts";

describe.each(SCENARIOS)("AMI recording %s", (scenario) => {
  const bytes = fixture(`${scenario}.ami.txt`);

  it("gives the switch's own figures per queue, however the bytes are cut", () => {
    const sizes = fc.sample(fc.integer({ min: 1, max: 4096 }), 3000);
    const map = fixtureMap();
    const result = mapAmiBytes(bytes, { map, pseudonym: () => undefined }, sizes);
    expect(result.mapper.stats).toMatchObject({ unknown: 0, invalid: 0 });
    const state = reduce(result.events);
    const expected = switchFigures(scenario);
    expect(expected).toHaveLength(3);
    for (const truth of expected) {
      expect(ourFigures(state, map.line(truth.queue), truth.queue)).toEqual(truth);
    }
    for (const line of state.lines.values()) expect(line.waiting.size).toBe(0);
  });

  it("never carries a caller number", () => {
    const result = mapAmiBytes(bytes, {
      map: fixtureMap(),
      pseudonym: (n) => (n ? "p" : undefined),
    });
    const text = JSON.stringify(result.events);
    expect(text).not.toMatch(/0(9|5)\d{9}/);
  });
});
