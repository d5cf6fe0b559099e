/**
 * The AMI parser and mapper on the real recordings of test/fixtures/asterisk/: megabytes a second
 * parsed into messages and mapped into events, against a loop that only cuts the same bytes into
 * lines (and decodes each), the least any reader of the stream must do.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { mapAmiBytes } from "../../server/switches/ami/recording.ts";
import { createPseudonymizer } from "../../server/switches/pseudonym.ts";
import { parseSwitchMap } from "../../server/switches/switch-map.ts";
import { measurement, median, round, samples, spread, type Measurement } from "../measure.ts";

const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "test", "fixtures", "asterisk");

function splitLines(bytes: Buffer): number {
  let lines = 0;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) break;
    if (bytes.toString("utf8", start, end).length >= 0) lines += 1;
    start = end + 1;
  }
  return lines;
}

export function benchParser(): Measurement[] {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith(".ami.txt"));
  const recordings = files.map((name) => readFileSync(path.join(FIXTURES, name)));
  const megabytes = recordings.reduce((n, b) => n + b.length, 0) / 1e6;
  const mapFile = path.join(FIXTURES, "switch-map.json");
  const map = parseSwitchMap(JSON.parse(readFileSync(mapFile, "utf8")), mapFile);
  const pseudonym = createPseudonymizer("bench-secret-of-sixteen+");
  let events = 0;
  const parseOnce = (): void => {
    events = 0;
    for (const bytes of recordings)
      events += mapAmiBytes(bytes, { map, pseudonym, idPrefix: "b" }).events.length;
  };
  const splitOnce = (): void => {
    for (const bytes of recordings) splitLines(bytes);
  };
  // Side by side, one of each in turn: on a shared machine the load drifts between two blocks
  // of runs, and the ratio is what the target is on.
  const parse: number[] = [];
  const split: number[] = [];
  for (let i = 0; i < 15; i += 1) {
    parse.push(...samples(parseOnce, 1));
    split.push(...samples(splitOnce, 1));
  }
  const rate = (ms: number): number => megabytes / (ms / 1000);
  return [
    measurement({
      name: "parser MB/s, the AMI recordings parsed and mapped into events",
      note: `${files.length} recordings, ${round(megabytes, 2)} MB → ${events} events; ${parse.length} runs of each, in turn`,
      value: rate(median(parse)),
      unit: "MB/s",
      baseline: {
        what: "cutting the same bytes into lines",
        value: round(rate(median(split)), 1),
        unit: "MB/s",
      },
      // The target is on time: ours ≤ 2× the baseline's.
      ratio: round(median(parse) / median(split), 2),
      target: "time ratio ≤ 2",
      met: median(parse) <= 2 * median(split),
      spread: spread(parse.map(rate)),
    }),
  ];
}
