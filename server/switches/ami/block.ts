/**
 * One block of AMI text (the lines up to an empty line) to at most one message. Asterisk opens
 * every message with its `Event:` or `Response:` line, so what comes before such a line is not
 * part of it: stray lines, a message cut off by a lost read, noise on the wire. The block's
 * message is the last one that starts in it; everything skipped to get there gets one reason.
 */

/**
 * A message's headers, read in place: the names (lower-cased, shared) and where each value lies
 * in the block's text. A value becomes a string only when asked for, and the Map only when a
 * caller iterates: the mapper asks a few headers of each message and never the rest. The first
 * of a repeated name wins.
 */
export class Fields implements ReadonlyMap<string, string> {
  readonly #text: string;
  readonly #names: string[] = [];
  readonly #bounds: number[] = [];
  #map: Map<string, string> | null = null;

  constructor(text: string) {
    this.#text = text;
  }

  /** Adds a header whose value is text[from, to). */
  add(name: string, from: number, to: number): void {
    this.#names.push(name);
    this.#bounds.push(from, to);
    this.#map = null;
  }

  get(name: string): string | undefined {
    const i = this.#names.indexOf(name);
    return i < 0 ? undefined : this.#text.slice(this.#bounds[2 * i], this.#bounds[2 * i + 1]);
  }

  has(name: string): boolean {
    return this.#names.includes(name);
  }

  get size(): number {
    return this.#asMap().size;
  }

  forEach(
    callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.#asMap()) callback.call(thisArg, value, key, this);
  }

  entries(): MapIterator<[string, string]> {
    return this.#asMap().entries();
  }

  keys(): MapIterator<string> {
    return this.#asMap().keys();
  }

  values(): MapIterator<string> {
    return this.#asMap().values();
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.#asMap().entries();
  }

  #asMap(): Map<string, string> {
    if (!this.#map) {
      this.#map = new Map();
      for (let i = 0; i < this.#names.length; i += 1) {
        const name = this.#names[i] ?? "";
        if (!this.#map.has(name)) this.#map.set(name, this.get(name) ?? "");
      }
    }
    return this.#map;
  }
}

export interface BlockMessage {
  /** The header that opened it: `event` or `response`. */
  start: string;
  headers: Fields;
  /** Lines after the start that were not `Key: Value`. */
  malformed: number;
}

export interface SplitBlock {
  message: BlockMessage | null;
  /** Why something was skipped; "" when nothing was. */
  skipped: string;
}

/**
 * A header name as Asterisk writes them: a letter, then letters, digits, `-` or `_`, and the
 * `ChanVariable(…)` form of old versions. Caller-controlled text is only ever in values.
 */
function isKey(text: string, from: number, to: number): boolean {
  if (from >= to || !isLetter(text.charCodeAt(from))) return false;
  let i = from + 1;
  for (; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (!(isLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 95)) break;
  }
  if (i === to) return true;
  // `Name(…)` up to the end, with no parenthesis or line break inside.
  if (text.charCodeAt(i) !== 40 || text.charCodeAt(to - 1) !== 41) return false;
  for (let j = i + 1; j < to - 1; j += 1) {
    const c = text.charCodeAt(j);
    if (c === 40 || c === 41 || c === 13 || c === 10) return false;
  }
  return true;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** The ASCII whitespace String.prototype.trim removes; anything above 127 goes the slow way. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * Lower-case header names, as met: a stream repeats a few dozen names millions of times, so a
 * name is looked up by a hash of its characters in place, without cutting a string for it.
 */
interface Name {
  raw: string;
  lower: string;
}
const TABLE = 4096;
let names: (Name[] | undefined)[] = new Array<Name[] | undefined>(TABLE);
let nameCount = 0;
const MAX_NAMES = 2_000;

/** Length, first and last character: enough to tell apart nearly every name AMI sends. */
const hashOf = (text: string, from: number, to: number): number =>
  ((text.charCodeAt(from) * 31 + text.charCodeAt(to - 1)) * 31 + to - from) & (TABLE - 1);

function sameText(raw: string, text: string, from: number, to: number): boolean {
  if (raw.length !== to - from) return false;
  for (let i = 0; i < raw.length; i += 1) {
    if (raw.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  }
  return true;
}

/** The lower-case form of the name text[from, to) when it has been met, or null. */
function knownAt(text: string, from: number, to: number): string | null {
  const bucket = names[hashOf(text, from, to)];
  if (bucket) {
    for (const name of bucket) if (sameText(name.raw, text, from, to)) return name.lower;
  }
  return null;
}

/** The lower-case form of the name text[from, to), remembered. */
function lowerAt(text: string, from: number, to: number): string {
  const known = knownAt(text, from, to);
  if (known !== null) return known;
  const raw = text.slice(from, to);
  const name = { raw, lower: raw.toLowerCase() };
  if (nameCount >= MAX_NAMES) {
    names = new Array<Name[] | undefined>(TABLE);
    nameCount = 0;
  }
  const hash = hashOf(text, from, to);
  const bucket = names[hash];
  if (bucket) bucket.push(name);
  else names[hash] = [name];
  nameCount += 1;
  return name.lower;
}

/** Names as code writes them (`"Event"`), a string's own hash being cached by the engine. */
const constants = new Map<string, string>();

/** The lower-case form of a header name. */
export function lower(name: string): string {
  let out = constants.get(name);
  if (out === undefined) {
    out = name.toLowerCase();
    if (constants.size >= MAX_NAMES) constants.clear();
    constants.set(name, out);
  }
  return out;
}

/** Where the last `parseAt` found its value: read by the caller at once. */
let valueFrom = 0;

/**
 * The name of the `Key: Value` line text[from, to), trimmed, checked and lower-cased, or null;
 * its value starts at `valueFrom` (after the colon, less one leading space). Reads the text in
 * place: no string is cut for the line or, once met, for its name.
 */
function parseAt(text: string, from: number, to: number): string | null {
  const colon = text.indexOf(":", from);
  if (colon <= from || colon >= to) return null;
  let a = from;
  let b = colon;
  while (a < b && text.charCodeAt(a) < 128 && isSpace(text.charCodeAt(a))) a += 1;
  while (b > a && text.charCodeAt(b - 1) < 128 && isSpace(text.charCodeAt(b - 1))) b -= 1;
  valueFrom = colon + 1 < to && text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
  if (a < b && (text.charCodeAt(a) >= 128 || text.charCodeAt(b - 1) >= 128)) {
    // Rare: other whitespace (U+00A0, U+FEFF…) may surround a name; trim() knows it all.
    const key = text.slice(a, b).trim();
    return isKey(key, 0, key.length) ? lowerAt(key, 0, key.length) : null;
  }
  // A name met before was a valid one: only a new one is checked.
  if (a === b) return null;
  return knownAt(text, a, b) ?? (isKey(text, a, b) ? lowerAt(text, a, b) : null);
}

/** Whether text[from, to) is blank as String.prototype.trim sees it. */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (!isSpace(c)) return false;
    } else return text.slice(from, to).trim() === "";
  }
  return true;
}

/** Where a message start hides inside a garbage line (`\u0000\u00ffEvent: X`), or -1. */
function startInside(text: string, from: number, to: number, marks: readonly string[]): number {
  let best = -1;
  for (const mark of marks) {
    const at = to - mark.length < from ? -1 : text.lastIndexOf(mark, to - mark.length);
    if (at >= from && at - from > best) best = at - from;
  }
  return best;
}

/** The `Event: `/`Response: ` marks of each list of starts, made once. */
const marksCache = new WeakMap<readonly string[], string[]>();

function marksOf(starts: readonly string[]): string[] {
  let marks = marksCache.get(starts);
  if (!marks) {
    marks = starts.map((s) => `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}: `);
    marksCache.set(starts, marks);
  }
  return marks;
}

function opens(
  key: string | null,
  message: BlockMessage | null,
  starts: readonly string[],
): boolean {
  return key !== null && (message ? key === message.start : starts.includes(key));
}

/**
 * Reads the block line by line in place (one pass, no array of lines, no regular expression):
 * the hot path of the AMI adapter, which reads every byte the switch sends.
 */
export function splitBlock(text: string, starts: readonly string[]): SplitBlock {
  const marks = marksOf(starts);
  let message: BlockMessage | null = null;
  let skipped = "";
  let strayLines = 0;
  for (let pos = 0; pos <= text.length;) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    let from = pos;
    const to = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    pos = end + 1;
    // A line that starts with a visible ASCII character is not blank: the common case.
    const first = from < to ? text.charCodeAt(from) : 32;
    if ((first <= 32 || first >= 127) && isBlank(text, from, to)) continue;
    let key = parseAt(text, from, to);
    // Inside a message, a header is what nearly every line is: nothing to search.
    if (message && key !== null && key !== message.start) {
      message.headers.add(key, valueFrom, to);
      continue;
    }
    // Outside a message anything may hide a start; inside one, only a line that is not a
    // header (a value is never searched: it may hold the caller's text).
    if (!opens(key, message, starts) && (!message || !key)) {
      const at = startInside(text, from, to, marks);
      if (at > 0) {
        skipped = message ? "a message cut off before its end" : "bytes before a message start";
        message = null;
        from += at;
        key = parseAt(text, from, to);
      }
    }
    if (key !== null && opens(key, message, starts)) {
      if (message) skipped = "a message cut off before its end";
      const headers = new Fields(text);
      headers.add(key, valueFrom, to);
      message = { start: key, headers, malformed: 0 };
      continue;
    }
    if (!message) strayLines += 1;
    else if (key === null) message.malformed += 1;
    else message.headers.add(key, valueFrom, to);
  }
  if (strayLines > 0 && !skipped)
    skipped = message ? "lines before a message start" : "a block without a message start";
  return { message, skipped };
}
