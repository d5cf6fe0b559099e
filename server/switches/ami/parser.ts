/**
 * The AMI wire protocol, bytes in and messages out. Pure: no sockets, no clock. A message is a
 * block of `Key: Value` lines ended by an empty line, and always begins with its `Event:` or
 * `Response:` line; the server greets with one banner line. Messages are cut on bytes before
 * decoding, so a read that splits a multi-byte UTF-8 character (a Persian member name) costs
 * nothing. Garbage never swallows the message after it: the parser resynchronises at the next
 * `Event:`/`Response:` line, and every buffer is bounded (a message that never ends is dropped).
 */
import { ByteQueue } from "./byte-queue.ts";
import { isUtf8 } from "node:buffer";
import { lower, splitBlock } from "./block.ts";

/** One AMI message. Header names are matched case-insensitively; the first occurrence wins. */
export interface AmiMessage {
  readonly headers: ReadonlyMap<string, string>;
}

export type ParsedItem =
  { kind: "banner"; text: string } | { kind: "message"; message: AmiMessage };

/** What the parser threw away, for the counters. */
export interface ParserDrops {
  /** Messages (or lines) bigger than the limit, discarded whole. */
  oversized: number;
  /** Lines inside a message that were not `Key: Value`. */
  malformedLines: number;
  /** Messages whose bytes were not valid UTF-8 (kept, with U+FFFD in place of the bad bytes). */
  invalidUtf8: number;
  /** Bytes skipped to get back to a message start: stray lines, cut-off messages, noise. */
  garbage: number;
}

export interface AmiParserOptions {
  /** A message longer than this is dropped whole. @default 1 MiB */
  maxMessageBytes?: number;
  /** Header names that open a message (lower case). @default ["event", "response"] */
  starts?: readonly string[];
}

const BANNER = /^Asterisk Call Manager\/\S+$/;
/** Longest tail kept while skipping an oversized message: enough to find a line start in it. */
const SKIP_TAIL = 16;

export function header(message: AmiMessage, name: string): string | undefined {
  return message.headers.get(lower(name));
}

/** Parses one message's text (without its terminating empty line), leniently: for tests and tools. */
export function parseMessageText(text: string, drops?: ParserDrops): AmiMessage | null {
  const start = text.split("\n", 1)[0]?.split(":", 1)[0]?.trim().toLowerCase() ?? "";
  const { message } = splitBlock(text, [start]);
  if (drops && message) drops.malformedLines += message.malformed;
  return message ? { headers: message.headers } : null;
}

export class AmiParser {
  readonly drops: ParserDrops = { oversized: 0, malformedLines: 0, invalidUtf8: 0, garbage: 0 };
  /** Why the last thing was dropped, for a log line (never switch text). */
  lastDrop = "";
  readonly #queue = new ByteQueue();
  readonly #max: number;
  readonly #starts: readonly string[];
  /** The message starts to look for while skipping, as bytes (`Event: `…). */
  readonly #resyncMarks: Buffer[];
  #atStart = true;
  #skipping = false;
  readonly #lenient = new TextDecoder("utf-8");

  constructor(options: AmiParserOptions = {}) {
    this.#max = options.maxMessageBytes ?? 1024 * 1024;
    this.#starts = options.starts ?? ["event", "response"];
    this.#resyncMarks = this.#starts.map((s) =>
      Buffer.from(`${s[0]?.toUpperCase() ?? ""}${s.slice(1)}: `),
    );
  }

  /** Feeds one read's bytes; returns every message they complete. Never throws. */
  push(chunk: Uint8Array): ParsedItem[] {
    this.#queue.append(chunk);
    const out: ParsedItem[] = [];
    for (let from = 0; ; from = 1) {
      if (this.#skipping && !this.#skip(from)) return out;
      if (this.#atStart && !this.#takeBanner(out)) return out;
      for (;;) {
        const end = this.#queue.findBlockEnd();
        if (end === null) break;
        const bytes = this.#queue.take(end.at, end.length);
        if (bytes.length <= this.#max) this.#parse(bytes, out);
        else {
          this.#drop("oversized", "message over the size limit");
          const rest = this.#startWithin(bytes);
          if (rest) this.#parse(rest, out);
        }
      }
      if (this.#queue.length <= this.#max) return out;
      // A message or line that does not end: skip it, from just after where it starts.
      this.#drop("oversized", "message or line that does not end");
      this.#skipping = true;
    }
  }

  /** Starts over, for a new connection. */
  reset(): void {
    this.#queue.clear();
    this.#atStart = true;
    this.#skipping = false;
  }

  /** True while bytes of an unfinished message are held (or an oversized one is being skipped). */
  get pending(): boolean {
    return this.#queue.length > 0 || this.#skipping;
  }

  /** Bytes held now: bounded by the message limit. */
  get bufferedBytes(): number {
    return this.#queue.length;
  }

  #parse(bytes: Uint8Array, out: ParsedItem[]): void {
    const { message, skipped } = splitBlock(this.#decode(bytes), this.#starts);
    if (skipped) this.#drop("garbage", skipped);
    if (!message) return;
    this.drops.malformedLines += message.malformed;
    out.push({ kind: "message", message: { headers: message.headers } });
  }

  /**
   * Skips an oversized message up to its end or the next message start, searched from `from`
   * (past the skipped message's own start); false: not found yet. Inside bytes being skipped a
   * start glued to garbage counts too: no trusted message is open there.
   */
  #skip(from: number): boolean {
    const end = this.#queue.findBlockEnd();
    let resume = end === null ? -1 : end.at + end.length;
    for (const mark of this.#resyncMarks) {
      const at = this.#queue.indexOf(mark, from);
      if (at >= 0 && (resume < 0 || at < resume)) resume = at;
    }
    if (resume < 0) {
      this.#queue.keepTail(SKIP_TAIL);
      return false;
    }
    this.#queue.take(resume, 0);
    this.#skipping = false;
    return true;
  }

  /** The first message start after the beginning of an oversized block that leaves one in size. */
  #startWithin(block: Uint8Array): Uint8Array | null {
    const bytes = Buffer.from(block.buffer, block.byteOffset, block.length);
    for (let from = 1; ;) {
      let at = -1;
      for (const mark of this.#resyncMarks) {
        const found = bytes.indexOf(mark, from);
        if (found >= 0 && (at < 0 || found < at)) at = found;
      }
      if (at < 0) return null;
      if (bytes.length - at <= this.#max) return bytes.subarray(at);
      from = at + 1;
    }
  }

  /** The banner is the first line of a session and has no empty line after it. */
  #takeBanner(out: ParsedItem[]): boolean {
    const lf = this.#queue.indexOf(Buffer.from("\n"));
    if (lf < 0) {
      const head = this.#lenient.decode(this.#queue.peek(22));
      if (this.#queue.length < 200 && "Asterisk Call Manager/".startsWith(head)) return false;
      this.#atStart = false;
      return true;
    }
    this.#atStart = false;
    const line = this.#lenient.decode(this.#queue.peek(lf)).replace(/\r$/, "");
    if (BANNER.test(line)) {
      out.push({ kind: "banner", text: line });
      this.#queue.take(lf, 1);
    }
    return true;
  }

  #drop(kind: "oversized" | "garbage", reason: string): void {
    this.drops[kind] += 1;
    this.lastDrop = reason;
  }

  /** UTF-8 to text as TextDecoder does (a leading BOM dropped), checked natively, no copy. */
  #decode(bytes: Uint8Array): string {
    if (!isUtf8(bytes)) {
      this.drops.invalidUtf8 += 1;
      return this.#lenient.decode(bytes);
    }
    const view = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const bom = view.length >= 3 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf;
    return view.toString("utf8", bom ? 3 : 0);
  }
}

/** Writes an action as AMI bytes. Values never contain line breaks: they are replaced by spaces. */
export function encodeAction(fields: ReadonlyArray<readonly [string, string]>): string {
  const clean = (s: string): string => s.replace(/[\r\n]+/g, " ");
  return fields.map(([k, v]) => `${clean(k)}: ${clean(v)}\r\n`).join("") + "\r\n";
}
