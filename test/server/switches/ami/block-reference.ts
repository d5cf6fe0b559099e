/**
 * The block splitter as it was before issue 13 made it fast: the reference the fast one must
 * equal on any text (block.test.ts).
 *
 * One block of AMI text (the lines up to an empty line) to at most one message. Asterisk opens
 * every message with its `Event:` or `Response:` line, so what comes before such a line is not
 * part of it: stray lines, a message cut off by a lost read, noise on the wire. The block's
 * message is the last one that starts in it; everything skipped to get there gets one reason.
 */

export interface BlockMessage {
  /** The header that opened it: `event` or `response`. */
  start: string;
  headers: Map<string, string>;
  /** Lines after the start that were not `Key: Value`. */
  malformed: number;
}

export interface SplitBlock {
  message: BlockMessage | null;
  /** Why something was skipped; "" when nothing was. */
  skipped: string;
}

/**
 * The block splitter as it was before issue 13 made it fast: the reference the fast one must
 * equal on any text (block.test.ts).
 *
 * A header name as Asterisk writes them: a letter, then letters, digits, `-` or `_`, and the
 * `ChanVariable(…)` form of old versions. Caller-controlled text is only ever in values.
 */
const KEY = /^[A-Za-z][A-Za-z0-9_-]*(\([^()\r\n]*\))?$/;

function parseLine(line: string): [key: string, value: string] | null {
  const colon = line.indexOf(":");
  if (colon <= 0) return null;
  const key = line.slice(0, colon).trim();
  if (!KEY.test(key)) return null;
  return [key.toLowerCase(), line.slice(colon + 1).replace(/^ /, "")];
}

/** Where a message start hides inside a garbage line (`\u0000\u00ffEvent: X`), or -1. */
function startInside(line: string, marks: readonly string[]): number {
  let best = -1;
  for (const mark of marks) {
    const at = line.lastIndexOf(mark);
    if (at > best) best = at;
  }
  return best;
}

export function splitBlock(text: string, starts: readonly string[]): SplitBlock {
  const marks = starts.map((s) => `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}: `);
  let message: BlockMessage | null = null;
  let skipped = "";
  let strayLines = 0;
  for (const raw of text.split("\n")) {
    let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    let parsed = parseLine(line);
    const opens = (p: typeof parsed): boolean =>
      p !== null && (message ? p[0] === message.start : starts.includes(p[0]));
    // Outside a message anything may hide a start; inside one, only a line that is not a
    // header (a value is never searched: it may hold the caller's text).
    if (!opens(parsed) && (!message || !parsed)) {
      const at = startInside(line, marks);
      if (at > 0) {
        skipped = message ? "a message cut off before its end" : "bytes before a message start";
        message = null;
        line = line.slice(at);
        parsed = parseLine(line);
      }
    }
    if (parsed && opens(parsed)) {
      if (message) skipped = "a message cut off before its end";
      message = { start: parsed[0], headers: new Map([parsed]), malformed: 0 };
      continue;
    }
    if (!message) strayLines += 1;
    else if (!parsed) message.malformed += 1;
    else if (!message.headers.has(parsed[0])) message.headers.set(parsed[0], parsed[1]);
  }
  if (strayLines > 0 && !skipped)
    skipped = message ? "lines before a message start" : "a block without a message start";
  return { message, skipped };
}
