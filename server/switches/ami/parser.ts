/**
 * The AMI wire protocol, bytes in and messages out. Pure: no sockets, no clock. A message is a
 * block of `Key: Value` lines ended by an empty line; the server greets with one banner line.
 * Messages are cut on bytes before decoding, so a read that splits a multi-byte UTF-8 character
 * (a Persian member name) costs nothing: the character is whole by the time its message is.
 */

/** One AMI message. Header names are matched case-insensitively; the first occurrence wins. */
export interface AmiMessage {
  readonly headers: ReadonlyMap<string, string>;
}

export type ParsedItem =
  { kind: "banner"; text: string } | { kind: "message"; message: AmiMessage };

/** What the parser threw away, for the counters. */
export interface ParserDrops {
  /** Messages bigger than the limit, discarded whole. */
  oversized: number;
  /** Lines inside a message that were not `Key: Value`. */
  malformedLines: number;
  /** Messages whose bytes were not valid UTF-8 (kept, with U+FFFD in place of the bad bytes). */
  invalidUtf8: number;
}

const CR = 0x0d;
const LF = 0x0a;
const BANNER = /^Asterisk Call Manager\/\S+$/;

export function header(message: AmiMessage, name: string): string | undefined {
  return message.headers.get(name.toLowerCase());
}

/** Parses one message's text (without its terminating empty line). */
export function parseMessageText(text: string, drops?: ParserDrops): AmiMessage | null {
  const headers = new Map<string, string>();
  for (const rawLine of text.split("\n")) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) {
      if (drops) drops.malformedLines += 1;
      continue;
    }
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).replace(/^ /, "");
    if (!headers.has(key)) headers.set(key, value);
  }
  return headers.size > 0 ? { headers } : null;
}

export class AmiParser {
  readonly drops: ParserDrops = { oversized: 0, malformedLines: 0, invalidUtf8: 0 };
  #buffer: Buffer = Buffer.alloc(0);
  /** Bytes of the buffer already searched for a terminator without finding one. */
  #scanned = 0;
  #atStart = true;
  #discarding = false;
  readonly #fatal = new TextDecoder("utf-8", { fatal: true });
  readonly #lenient = new TextDecoder("utf-8");

  /** @param maxMessageBytes a message longer than this is dropped whole. @default 1 MiB */
  constructor(private readonly maxMessageBytes = 1024 * 1024) {}

  /** Feeds one read's bytes; returns every message they complete. Never throws. */
  push(chunk: Uint8Array): ParsedItem[] {
    this.#buffer =
      this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk]);
    const out: ParsedItem[] = [];
    if (this.#atStart && !this.#takeBanner(out)) return out;
    for (;;) {
      const end = this.#findEnd();
      if (end === null) break;
      const bytes = this.#buffer.subarray(0, end.at);
      this.#buffer = this.#buffer.subarray(end.at + end.length);
      this.#scanned = 0;
      if (this.#discarding) {
        this.#discarding = false;
        continue;
      }
      if (bytes.length > this.maxMessageBytes) {
        this.drops.oversized += 1;
        continue;
      }
      const message = parseMessageText(this.#decode(bytes), this.drops);
      if (message) out.push({ kind: "message", message });
    }
    if (this.#buffer.length > this.maxMessageBytes) {
      // Keep only the tail, which may hold the start of the terminator.
      if (!this.#discarding) this.drops.oversized += 1;
      this.#discarding = true;
      this.#buffer = Buffer.from(this.#buffer.subarray(this.#buffer.length - 3));
      this.#scanned = 0;
    }
    return out;
  }

  /** Starts over, for a new connection. */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
    this.#scanned = 0;
    this.#atStart = true;
    this.#discarding = false;
  }

  /** True while bytes of an unfinished message are held. */
  get pending(): boolean {
    return this.#buffer.length > 0;
  }

  /** The banner is the first line of a session and has no empty line after it. */
  #takeBanner(out: ParsedItem[]): boolean {
    const lf = this.#buffer.indexOf(LF);
    if (lf < 0) {
      if (this.#buffer.length < 200 && "Asterisk Call Manager/".startsWith(this.#head(22))) {
        return false;
      }
      this.#atStart = false;
      return true;
    }
    this.#atStart = false;
    const line = this.#lenient.decode(this.#buffer.subarray(0, lf)).replace(/\r$/, "");
    if (BANNER.test(line)) {
      out.push({ kind: "banner", text: line });
      this.#buffer = this.#buffer.subarray(lf + 1);
    }
    return true;
  }

  #head(n: number): string {
    return this.#lenient.decode(this.#buffer.subarray(0, Math.min(n, this.#buffer.length)));
  }

  /** Finds the empty line that ends a message: CRLF CRLF, or a bare LF LF from a lenient peer. */
  #findEnd(): { at: number; length: number } | null {
    const buf = this.#buffer;
    for (let i = Math.max(0, this.#scanned - 3); i < buf.length; i += 1) {
      if (buf[i] !== LF) continue;
      if (buf[i + 1] === LF) return { at: i, length: 2 };
      if (buf[i + 1] === CR && buf[i + 2] === LF) return { at: i, length: 3 };
      if (i + 2 >= buf.length) break;
    }
    this.#scanned = buf.length;
    return null;
  }

  #decode(bytes: Uint8Array): string {
    try {
      return this.#fatal.decode(bytes);
    } catch {
      this.drops.invalidUtf8 += 1;
      return this.#lenient.decode(bytes);
    }
  }
}

/** Writes an action as AMI bytes. Values never contain line breaks: they are replaced by spaces. */
export function encodeAction(fields: ReadonlyArray<readonly [string, string]>): string {
  const clean = (s: string): string => s.replace(/[\r\n]+/g, " ");
  return fields.map(([k, v]) => `${clean(k)}: ${clean(v)}\r\n`).join("") + "\r\n";
}
