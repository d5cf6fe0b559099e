import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QueueLogMapper } from "../../../../server/switches/queuelog/mapper.ts";
import { mapAmiBytes } from "../../../../server/switches/ami/recording.ts";
import {
  fixture,
  fixtureMap,
  ourFigures,
  reduce,
  SCENARIOS,
  switchFigures,
} from "../recordings.ts";

const mapperFor = (): QueueLogMapper =>
  new QueueLogMapper({ map: fixtureMap(), pseudonym: () => undefined });

function mapLog(text: string): ReturnType<QueueLogMapper["map"]> {
  const mapper = mapperFor();
  return text.split("\n").flatMap((line) => mapper.map(line));
}

describe.each(SCENARIOS)("queue_log of %s", (scenario) => {
  const text = fixture(`${scenario}.queue_log`).toString("utf8");

  it("gives the switch's own figures per queue", () => {
    const state = reduce(mapLog(text));
    const map = fixtureMap();
    for (const truth of switchFigures(scenario)) {
      expect(ourFigures(state, map.line(truth.queue), truth.queue)).toEqual(truth);
    }
  });

  it("gives the same figures and final members as the AMI stream of the same run", () => {
    const fromLog = reduce(mapLog(text));
    const fromAmi = reduce(
      mapAmiBytes(fixture(`${scenario}.ami.txt`), { map: fixtureMap(), pseudonym: () => undefined })
        .events,
    );
    for (const [id, line] of fromAmi.lines) {
      expect(fromLog.lines.get(id)?.counters, id).toEqual(line.counters);
      expect([...(fromLog.lines.get(id)?.members.keys() ?? [])].sort(), id).toEqual(
        [...line.members.keys()].sort(),
      );
    }
  });
});

describe("QueueLogMapper", () => {
  it("maps every event type the issue lists", () => {
    const log = [
      "100|1.1|mashhad|NONE|ENTERQUEUE||09150000000|1",
      "101|1.1|mashhad|Reza Ahmadi|RINGNOANSWER|15000",
      "102|1.1|mashhad|Ali Karimi|RINGCANCELED|3495",
      "103|1.1|mashhad|Ali Karimi|CONNECT|3|1.2|2",
      "110|1.1|mashhad|Ali Karimi|COMPLETECALLER|3|7|1",
      "111|2.1|mashhad|NONE|ENTERQUEUE||09150000001|1",
      "112|2.1|mashhad|NONE|EXITEMPTY|1|1|1",
      "113|3.1|mashhad|NONE|ENTERQUEUE||09150000002|1",
      "114|3.1|mashhad|NONE|EXITWITHKEY|5|1|1|1",
      "115|4.1|mashhad|NONE|ENTERQUEUE||09150000003|1",
      "116|4.1|mashhad|Ali Karimi|CONNECT|1|4.2|1",
      "120|4.1|mashhad|Ali Karimi|BLINDTRANSFER|200|internal|1|4|1",
      "121|5.1|mashhad|NONE|ENTERQUEUE||09150000004|1",
      "122|5.1|mashhad|Ali Karimi|CONNECT|1|5.2|1",
      "130|5.1|mashhad|Ali Karimi|ATTENDEDTRANSFER|BRIDGE|abc|1|8|1",
      "131|6.1|mashhad|Ali Karimi|AGENTDUMP|",
      "132|MANAGER|mashhad|Local/4001@agents/n|ADDMEMBER|PAUSED",
      "133|NONE|mashhad|فرماندار مشهد|UNPAUSE|",
      "134|NONE|mashhad|فرماندار مشهد|PAUSE|ناهار",
      "135|MANAGER|mashhad|Local/4001@agents/n|REMOVEMEMBER|",
      "136|NONE|NONE|NONE|PAUSEALL|",
      "137|7.1|mashhad|NONE|ENTERQUEUE||09150000005|1",
      "140|7.1|mashhad|NONE|ABANDON|1|1|3",
      "141|8.1|mashhad|NONE|ENTERQUEUE||09150000006|1",
      "160|8.1|mashhad|NONE|EXITWITHTIMEOUT|1|1|19",
    ].join("\n");
    const events = mapLog(log);
    expect(events.map((e) => e.type)).toEqual([
      "call.joined",
      "call.offer-missed",
      "call.offer-missed",
      "official.logged-in",
      "call.answered",
      "call.ended",
      "call.joined",
      "call.left",
      "call.joined",
      "call.left",
      "call.joined",
      "call.answered",
      "call.ended",
      "call.joined",
      "call.answered",
      "call.ended",
      "call.offer-missed",
      "official.logged-in",
      "official.resumed",
      "official.paused",
      "official.logged-out",
      "call.joined",
      "call.abandoned",
      "call.joined",
      "call.left",
    ]);
    const ended = events.filter((e) => e.type === "call.ended");
    expect(ended.map((e) => e.type === "call.ended" && [e.endedBy, e.waitSec, e.talkSec])).toEqual([
      ["caller", 3, 7],
      ["transfer", 1, 4],
      ["transfer", 1, 8],
    ]);
    expect(
      events.filter((e) => e.type === "call.left").map((e) => e.type === "call.left" && e.reason),
    ).toEqual(["empty", "key", "timeout"]);
    expect(events.find((e) => e.type === "official.paused")).toMatchObject({
      official: "farmandar-mashhad",
      reason: "ناهار",
    });
    expect(events.find((e) => e.type === "official.logged-in" && e.paused)).toMatchObject({
      official: "farmandar-mashhad",
    });
    expect(events.find((e) => e.type === "call.offer-missed")).toMatchObject({ ringSec: 15 });
    expect(JSON.stringify(events)).not.toMatch(/0915\d{7}/);
    reduce(events); // every event is valid
  });

  it("drops and counts lines that are not queue_log, and never throws", () => {
    const mapper = mapperFor();
    expect(mapper.map("not a queue_log line")).toEqual([]);
    expect(mapper.map("123|x|q|a|lowercase|1")).toEqual([]);
    expect(mapper.map("123|x|q|a|NEWTHING|1")).toEqual([]);
    expect(mapper.stats).toMatchObject({ malformed: 2, unknown: 1 });
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.string(), fc.stringMatching(/^\d{1,10}(\|[A-Za-z0-9./ ]{0,8}){0,8}$/)),
        ),
        (lines) => {
          for (const line of lines)
            for (const e of mapper.map(line)) expect(typeof e.id).toBe("string");
        },
      ),
      { numRuns: 300 },
    );
  });
});
