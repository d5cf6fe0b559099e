/**
 * `npm run --silent replay -- FILE` (a raw AMI recording) or `-- --queue-log FILE`: runs the
 * recording through the same adapter code and the shared reducer, with no server and no Redis,
 * and prints the final snapshot (the shape of GET /api/v1/snapshot) on stdout, and nothing else
 * there. The recording's own last event time is "now". Errors go to stderr with a non-zero exit.
 *
 * Options: --data DIR (reference data, default data/), --map FILE (default DIR/switch-map.json).
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseSwitchEvent, type SwitchEvent, type SwitchEventInput } from "../shared/events.ts";
import { reduceEvents } from "../shared/live-state.ts";
import { computeViews, toSnapshot } from "../shared/snapshot.ts";
import { loadReference } from "./reference/load-reference.ts";
import { mapAmiBytes } from "./switches/ami/recording.ts";
import { createPseudonymizer } from "./switches/pseudonym.ts";
import { QueueLogMapper } from "./switches/queuelog/mapper.ts";
import { loadSwitchMap, type SwitchMap } from "./switches/switch-map.ts";

class ReplayError extends Error {}

/** Asked for with --help or -h: printed on stdout, exit 0. */
class HelpRequested extends Error {}

const USAGE = "usage: npm run --silent replay -- [--queue-log] FILE [--data DIR] [--map FILE]";
const HELP = `${USAGE}

Runs a recording of the switch through the same adapter code and reducer as the server (no
server, no Redis) and prints the final snapshot, the shape of GET /api/v1/snapshot, on stdout.

  FILE          a raw AMI recording (the bytes the Asterisk Manager Interface sent)
  --queue-log   FILE is Asterisk's queue_log instead
  --data DIR    the reference data (default: data/)
  --map FILE    switch queue and member names to lines and officials
                (default: DIR/switch-map.json)
  -h, --help    this text

CALLER_ID_KEY, when set, keys the caller pseudonyms as the server does. Errors go to stderr with
exit code 1.
`;
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Args {
  file: string;
  queueLog: boolean;
  dataDir: string;
  mapFile: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    file: "",
    queueLog: false,
    dataDir: path.join(REPO_ROOT, "data"),
    mapFile: null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    const value = (): string => {
      const next = argv[(i += 1)];
      if (next === undefined) throw new ReplayError(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === "--help" || arg === "-h") throw new HelpRequested();
    if (arg === "--queue-log") args.queueLog = true;
    else if (arg === "--data") args.dataDir = value();
    else if (arg === "--map") args.mapFile = value();
    else if (arg.startsWith("--")) throw new ReplayError(`unknown option ${arg}\n${USAGE}`);
    else if (args.file) throw new ReplayError(`one file at a time\n${USAGE}`);
    else args.file = arg;
  }
  if (!args.file) throw new ReplayError(USAGE);
  return args;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory"
          : (code ?? "unreadable");
    throw new ReplayError(`cannot read ${file}: ${why}`);
  }
}

function fromAmi(
  file: string,
  bytes: Buffer,
  map: SwitchMap,
  pseudonym: ReturnType<typeof createPseudonymizer>,
) {
  const result = mapAmiBytes(bytes, { map, pseudonym, idPrefix: "replay" });
  const { drops } = result.parser;
  if (result.messages === 0)
    throw new ReplayError(`${file}: no AMI messages found: is this a raw AMI recording?`);
  const problems = [
    drops.oversized && `${drops.oversized} oversized message(s)`,
    drops.malformedLines && `${drops.malformedLines} line(s) that are not "Key: Value"`,
    drops.invalidUtf8 && `${drops.invalidUtf8} message(s) with invalid UTF-8`,
    result.parser.pending && "an unfinished message at the end",
  ].filter(Boolean);
  if (problems.length > 0)
    throw new ReplayError(`${file}: cannot parse all of it as AMI: ${problems.join(", ")}`);
  return { events: result.events, lastAt: result.lastAt };
}

function fromQueueLog(
  file: string,
  bytes: Buffer,
  map: SwitchMap,
  pseudonym: ReturnType<typeof createPseudonymizer>,
) {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ReplayError(`${file}: not valid UTF-8 text`);
  }
  const mapper = new QueueLogMapper({ map, pseudonym, idPrefix: "replay" });
  const events: SwitchEventInput[] = [];
  text.split("\n").forEach((line, index) => {
    const before = mapper.stats.malformed;
    events.push(...mapper.map(line));
    if (mapper.stats.malformed > before) {
      throw new ReplayError(
        `${file}: line ${index + 1} is not a queue_log line (time|callid|queue|agent|event|data…)`,
      );
    }
  });
  if (mapper.stats.lines === 0) throw new ReplayError(`${file}: no queue_log lines found`);
  return { events, lastAt: mapper.lastAt };
}

async function main(argv: string[]): Promise<string> {
  const args = parseArgs(argv);
  const bytes = await readInput(args.file);
  const reference = await loadReference(args.dataDir);
  const map = await loadSwitchMap(
    args.mapFile ?? path.join(args.dataDir, "switch-map.json"),
    reference.officials,
  );
  const pseudonym = createPseudonymizer(
    process.env.CALLER_ID_KEY?.trim() || randomBytes(32).toString("hex"),
  );
  const { events, lastAt } = args.queueLog
    ? fromQueueLog(args.file, bytes, map, pseudonym)
    : fromAmi(args.file, bytes, map, pseudonym);
  const valid: SwitchEvent[] = [];
  for (const input of events) {
    const parsed = parseSwitchEvent(input);
    if (!parsed.ok)
      throw new ReplayError(
        `${args.file}: the adapter produced an invalid event (${parsed.reason})`,
      );
    valid.push(parsed.event);
  }
  const first = valid[0];
  if (!first || lastAt === null)
    throw new ReplayError(`${args.file}: no queue events with a time in it`);
  const state = reduceEvents(reference, valid, first.at);
  const views = computeViews(
    state,
    reference.counties.map((county) => county.id),
    lastAt,
  );
  const snapshot = toSnapshot(views, {
    seq: 0,
    epoch: `replay-${path.basename(args.file)}`,
    now: lastAt,
  });
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (out) => process.stdout.write(out),
  (error: unknown) => {
    if (error instanceof HelpRequested) {
      process.stdout.write(HELP);
      return;
    }
    // Only the message: the command's user needs the reason, never a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`replay: ${message}\n`);
    process.exitCode = 1;
  },
);
