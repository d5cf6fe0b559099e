import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QueueLogMapper } from "../../../../server/switches/queuelog/mapper.ts";
import { mapAmiBytes } from "../../../../server/switches/ami/recording.ts";
import { createPseudonymizer } from "../../../../server/switches/pseudonym.ts";
import {
  fixture,
  fixtureMap,
  ourFigures,
  reduce,
  SCENARIOS,
  switchFigures,
} from "../recordings.ts";

const mapperFor = (): QueueLogMapper =>
  new QueueLogMapper({
    map: fixtureMap(),
    pseudonym: createPseudonymizer("queuelog-test-key-0123456789"),
  });

function mapLog(text: string, mapper = mapperFor()): ReturnType<QueueLogMapper["map"]> {
  return text.split("\n").flatMap((line) => mapper.map(line));
}

/** Switch time of the tests' lines, epoch seconds (the recordings' day). */
const T0 = 1_795_949_000;

/** queue_log lines whose time column is seconds after T0. */
const log = (...lines: string[]): string =>
  lines
    .map((line) => {
      const [t = "", ...rest] = line.split("|");
      return [String(T0 + Number(t)), ...rest].join("|");
    })
    .join("\n");

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
    const lines = [
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
    ];
    const events = mapLog(log(...lines));
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
    expect(mapper.map(`${T0}|x|q|a|lowercase|1`)).toEqual([]);
    expect(mapper.map(`${T0}|x|q|a|NEWTHING|1`)).toEqual([]);
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

  it("takes a connect of a member removed while it rang as a call, not a login (issue 7)", () => {
    const events = mapLog(
      log(
        "0|MANAGER|sabzevar|Local/2002@agents/n|ADDMEMBER|",
        "1|5.1|sabzevar|NONE|ENTERQUEUE||09150000000|1",
        "3|MANAGER|sabzevar|Local/2002@agents/n|REMOVEMEMBER|",
        "6|5.1|sabzevar|Hassan Rahimi|CONNECT|5|5.2|4",
        "20|5.1|sabzevar|Hassan Rahimi|COMPLETECALLER|5|14|1",
        "30|MANAGER|sabzevar|Local/2002@agents/n|ADDMEMBER|",
        "31|6.1|sabzevar|NONE|ENTERQUEUE||09150000001|1",
        "33|6.1|sabzevar|Hassan Rahimi|CONNECT|2|6.2|2",
      ),
    );
    expect(events.map((e) => e.type)).toEqual([
      "official.logged-in",
      "call.joined",
      "official.logged-out",
      "call.answered",
      "call.ended",
      "official.logged-in",
      "call.joined",
      "call.answered",
    ]);
    expect(events.find((e) => e.type === "call.ended")).toMatchObject({ switchCounted: false });
    const state = reduce(events);
    expect(state.lines.get("sabzevar")?.counters.answered).toBe(2);
    expect([...(state.lines.get("sabzevar")?.members.keys() ?? [])]).toEqual(["Hassan Rahimi"]);
  });

  it("says the switch restarted at QUEUESTART and forgets the members it knew (issue 7)", () => {
    const mapper = mapperFor();
    const before = mapLog(
      log(
        "0|MANAGER|mashhad|Local/4001@agents/n|ADDMEMBER|",
        "1|NONE|mashhad|Maryam Hosseini|PAUSE|ناهار",
        "2|1.1|mashhad|NONE|ENTERQUEUE||09150000000|1",
        "3|1.1|mashhad|Reza Ahmadi|CONNECT|1|1.2|1",
      ),
      mapper,
    );
    expect(before.filter((e) => e.type === "official.logged-in")).toHaveLength(3);
    const after = mapLog(
      log(
        "100|NONE|NONE|NONE|QUEUESTART|",
        "101|NONE|mashhad|Maryam Hosseini|UNPAUSE|",
        "102|MANAGER|mashhad|Local/4001@agents/n|REMOVEMEMBER|",
        "103|2.1|mashhad|NONE|ENTERQUEUE||09150000002|1",
        "104|2.1|mashhad|Reza Ahmadi|CONNECT|1|2.2|1",
      ),
      mapper,
    );
    expect(after.map((e) => e.type)).toEqual([
      "switch.restarted",
      "official.logged-in", // the pause before the restart is forgotten, not "resumed"
      "official.logged-out", // the switch's word on a member it held before the restart
      "call.joined",
      "official.logged-in", // a static member's first call after the restart
      "call.answered",
    ]);
    expect(after[0]).toMatchObject({
      at: (T0 + 100) * 1000,
      detail: expect.stringMatching(/restarted/),
    });
    expect(after[1]).toMatchObject({ official: "Maryam Hosseini", paused: false });
    expect(mapper.restarts).toBe(1);
  });

  it("drops a line dated 9000000000000, before 2000 or a day ahead, and counts it (issue 7)", () => {
    const mapper = new QueueLogMapper({
      map: fixtureMap(),
      pseudonym: () => undefined,
      now: () => T0 * 1000,
    });
    for (const time of ["9000000000000", "0", "946684799", String(T0 + 2 * 86_400), "-1", "NaN"])
      expect(mapper.map(`${time}|1.1|mashhad|NONE|ENTERQUEUE||09150000000|1`)).toEqual([]);
    expect(mapper.map(`${T0}|1.1|mashhad|NONE|ENTERQUEUE||09150000000|1`)).toHaveLength(1);
    expect(mapper.stats).toMatchObject({ badTime: 4, malformed: 2 });
  });

  it("never makes a member name an official id; the name travels only in logged-in (issue 7)", () => {
    const events = mapLog(
      log(
        "0|NONE|torbat|Mahmoud Ahmadi-Nejad|PAUSE|meeting",
        "1|MANAGER|torbat|PJSIP/7001|ADDMEMBER|",
        "2|3.1|torbat|NONE|ENTERQUEUE||09150000000|1",
        "3|3.1|torbat|Mahmoud Ahmadi-Nejad|CONNECT|1|3.2|1",
      ),
    );
    const officials = new Set(events.flatMap((e) => ("official" in e ? [e.official] : [])));
    expect([...officials].sort()).toEqual([
      expect.stringMatching(/^member-[\w-]{16}$/),
      "pjsip/7001",
    ]);
    expect(events[0]).toMatchObject({ type: "official.logged-in", name: "Mahmoud Ahmadi-Nejad" });
    const named = events.filter((e) => JSON.stringify(e).includes("Ahmadi-Nejad"));
    expect(named.map((e) => e.type)).toEqual(["official.logged-in"]);
  });

  it("gives a line's events ids from the line's own id, the same whenever it is read", () => {
    const line = `${T0}|1.1|mashhad|Reza Ahmadi|CONNECT|1|1.2|1`;
    const ids = (mapper: QueueLogMapper) => mapper.map(line, "abc").map((e) => e.id);
    expect(ids(mapperFor())).toEqual(["queuelog:abc.1", "queuelog:abc.2"]);
    expect(ids(mapperFor())).toEqual(ids(mapperFor()));
  });
});
