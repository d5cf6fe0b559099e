/**
 * Follows a growing file line by line, as `tail -F` does: survives rotation (the path names a
 * new file: the old one is read to its end first), truncation, and a truncate-and-refill between
 * two polls (the bytes before the read offset changed: the length alone cannot tell). Each line
 * gets a stable id from its content and its rank among identical lines since the start of the
 * content, so re-reading a replaced file yields the same ids for lines already seen. Polls rather
 * than watches, because fs.watch misses events on network and some container filesystems; a
 * missing or unreadable file is retried with a growing wait, never in a busy loop.
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import { LineIds } from "./line-ids.ts";
import { LineSplitter } from "./line-splitter.ts";

export interface FollowerOptions {
  path: string;
  /** @default 500 */
  pollMs?: number;
  /** Longest wait between two tries while the file is missing or unreadable. @default 4_000 */
  retryMaxMs?: number;
  /** Read what the file already holds (today's figures) or only what is added. @default true */
  fromStart?: boolean;
  /** Longest line kept; a longer one is dropped whole. @default 64 KiB */
  maxLineBytes?: number;
}

export interface FollowedLine {
  text: string;
  /** Stable for the same content at the same rank: a re-read line keeps its id. */
  id: string;
}

export type FollowerNotice = "rotated" | "truncated" | "replaced" | "oversized";

export interface FollowerHandlers {
  lines(lines: FollowedLine[]): void;
  /** The file is readable (true) or not: then called at every failed try, with the next wait. */
  status(open: boolean, detail: string, retryInMs?: number): void;
  /** Rotation, truncation or replacement seen, or a line dropped for its length. */
  notice(what: FollowerNotice): void;
}

/** Bytes compared at the head and before the read offset to see a refilled file. */
const PROBE = 256;

export class FileFollower {
  #handle: FileHandle | null = null;
  #identity = "";
  #offset = 0;
  #seen = { size: -1, mtimeMs: -1 };
  /** The file's first bytes and the bytes just before the offset, as last read. */
  #head: Buffer = Buffer.alloc(0);
  #tail: Buffer = Buffer.alloc(0);
  #timer: NodeJS.Timeout | null = null;
  #busy: Promise<void> | null = null;
  #stopped = false;
  #first = true;
  #open: boolean | null = null;
  #failures = 0;
  readonly #splitter: LineSplitter;
  readonly #ids = new LineIds();

  constructor(
    private readonly o: FollowerOptions,
    private readonly h: FollowerHandlers,
  ) {
    this.#splitter = new LineSplitter(o.maxLineBytes ?? 64 * 1024, () => h.notice("oversized"));
  }

  /** Reads what is there now, then keeps polling. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.poll();
    this.#schedule();
  }

  /** Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#busy;
    await this.#close();
  }

  /** One look at the file; polls never overlap, and never reject: a failure is a status. */
  poll(): Promise<void> {
    this.#busy ??= this.#poll()
      .catch(async (error: NodeJS.ErrnoException) => {
        await this.#close();
        this.#fail(`cannot read ${this.o.path}: ${error.code ?? error.message}`);
      })
      .finally(() => {
        this.#busy = null;
      });
    return this.#busy;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.poll().then(() => this.#schedule());
    }, this.#wait());
  }

  /** The poll interval; while the file cannot be read, doubling up to the longest wait. */
  #wait(): number {
    const poll = this.o.pollMs ?? 500;
    if (this.#failures === 0) return poll;
    return Math.min(this.o.retryMaxMs ?? 4_000, poll * 2 ** Math.min(this.#failures, 20));
  }

  async #poll(): Promise<void> {
    if (this.#stopped) return;
    let info;
    try {
      info = await stat(this.o.path);
    } catch (error) {
      await this.#drain(); // a deleted file: what was written before the deletion still counts
      await this.#close();
      this.#fail(`cannot read ${this.o.path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
      return;
    }
    if (!info.isFile()) {
      await this.#close();
      this.#fail(`cannot read ${this.o.path}: not a file`);
      return;
    }
    const identity = `${info.dev}:${info.ino}`;
    if (this.#handle && identity !== this.#identity) {
      await this.#drain(); // the rest of the rotated file first
      await this.#close();
      this.h.notice("rotated");
    }
    if (!this.#handle && !(await this.#openFile(identity, info.size))) return;
    this.#failures = 0;
    if (this.#open !== true) {
      this.#open = true;
      this.h.status(true, "");
    }
    if (info.size === this.#seen.size && info.mtimeMs === this.#seen.mtimeMs) return;
    this.#seen = { size: info.size, mtimeMs: info.mtimeMs };
    if (info.size < this.#offset) this.#restart("truncated");
    else if (!(await this.#unchanged())) this.#restart("replaced");
    await this.#drain();
  }

  async #openFile(identity: string, size: number): Promise<boolean> {
    try {
      this.#handle = await open(this.o.path, "r");
    } catch (error) {
      this.#fail(`cannot open ${this.o.path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
      return false;
    }
    this.#identity = identity;
    this.#seen = { size: -1, mtimeMs: -1 };
    this.#restart(null);
    if (this.#first && this.o.fromStart === false && size > 0) {
      // Only what is added is read; remember what comes before, to see a refill.
      this.#offset = size;
      const tail = Buffer.alloc(Math.min(PROBE, size));
      const { bytesRead } = await this.#handle.read(tail, 0, tail.length, size - tail.length);
      this.#tail = tail.subarray(0, bytesRead);
    }
    this.#first = false;
    return true;
  }

  /** Reads from the start of the content again: new id ranks, no half line carried over. */
  #restart(why: "truncated" | "replaced" | null): void {
    this.#offset = 0;
    this.#head = Buffer.alloc(0);
    this.#tail = Buffer.alloc(0);
    this.#splitter.reset();
    this.#ids.reset();
    if (why) this.h.notice(why);
  }

  /** True when the bytes already read are still there: the file only grew. */
  async #unchanged(): Promise<boolean> {
    const handle = this.#handle;
    if (!handle || this.#offset === 0) return true;
    const read = async (at: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, at);
      return buffer.subarray(0, bytesRead);
    };
    const head = await read(0, this.#head.length);
    const tail = await read(this.#offset - this.#tail.length, this.#tail.length);
    return head.equals(this.#head) && tail.equals(this.#tail);
  }

  async #drain(): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
      if (bytesRead === 0) return;
      const chunk = buffer.subarray(0, bytesRead);
      this.#remember(chunk);
      this.#offset += bytesRead;
      const lines = this.#splitter.push(chunk);
      if (lines.length > 0) this.h.lines(lines.map((text) => ({ text, id: this.#ids.next(text) })));
    }
  }

  /** Keeps the file's first bytes and the last bytes read, to compare at the next poll. */
  #remember(chunk: Buffer): void {
    if (this.#head.length < PROBE && this.#offset === this.#head.length) {
      this.#head = Buffer.concat([this.#head, chunk.subarray(0, PROBE - this.#head.length)]);
    }
    const tail = Buffer.concat([this.#tail, chunk.subarray(Math.max(0, chunk.length - PROBE))]);
    this.#tail = Buffer.from(tail.subarray(Math.max(0, tail.length - PROBE)));
  }

  #fail(detail: string): void {
    this.#open = false;
    this.#failures += 1;
    this.#seen = { size: -1, mtimeMs: -1 };
    this.h.status(false, detail, this.#wait());
  }

  async #close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    this.#identity = "";
    await handle?.close().catch(() => {});
  }
}
