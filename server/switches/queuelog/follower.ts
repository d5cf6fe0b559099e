/**
 * Follows a growing file line by line, as `tail -F` does: survives rotation (the path now names
 * a new file: the old one is read to its end first) and truncation (it starts over at 0). Polls
 * rather than watches, because fs.watch misses events on network and some container filesystems.
 */
import { open, stat, type FileHandle } from "node:fs/promises";

export interface FollowerOptions {
  path: string;
  /** @default 500 */
  pollMs?: number;
  /** Read what the file already holds (today's figures) or only what is added. @default true */
  fromStart?: boolean;
  /** Longest line kept; a longer one is dropped. @default 64 KiB */
  maxLineBytes?: number;
}

export interface FollowerHandlers {
  lines(lines: string[]): void;
  /** The file could be opened (true) or cannot be now (false, with the reason). */
  status(open: boolean, detail: string): void;
  /** Rotation or truncation seen, or a line dropped for its length. */
  notice(what: "rotated" | "truncated" | "oversized"): void;
}

const LF = 0x0a;

export class FileFollower {
  #handle: FileHandle | null = null;
  #ino = -1;
  #offset = 0;
  #partial: Buffer = Buffer.alloc(0);
  #timer: NodeJS.Timeout | null = null;
  #busy: Promise<void> | null = null;
  #stopped = false;
  #first = true;
  #open = false;
  readonly #decoder = new TextDecoder("utf-8");

  constructor(
    private readonly o: FollowerOptions,
    private readonly h: FollowerHandlers,
  ) {}

  /** Reads what is there now, then keeps polling. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.poll();
    this.#timer = setInterval(() => void this.poll(), this.o.pollMs ?? 500);
  }

  /** Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#busy;
    await this.#handle?.close().catch(() => {});
    this.#handle = null;
  }

  /** One look at the file; polls never overlap. */
  poll(): Promise<void> {
    this.#busy ??= this.#poll().finally(() => {
      this.#busy = null;
    });
    return this.#busy;
  }

  async #poll(): Promise<void> {
    if (this.#stopped) return;
    let info;
    try {
      info = await stat(this.o.path);
    } catch (error) {
      this.#setOpen(
        false,
        `cannot read ${this.o.path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      );
      return;
    }
    if (this.#handle && info.ino !== this.#ino) {
      await this.#drain(); // the rest of the rotated file first
      await this.#handle.close().catch(() => {});
      this.#handle = null;
      this.h.notice("rotated");
    }
    if (!this.#handle) {
      try {
        this.#handle = await open(this.o.path, "r");
      } catch (error) {
        this.#setOpen(
          false,
          `cannot open ${this.o.path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
        );
        return;
      }
      this.#ino = info.ino;
      this.#offset = this.#first && this.o.fromStart === false ? info.size : 0;
      this.#partial = Buffer.alloc(0);
      this.#first = false;
    }
    this.#setOpen(true, "");
    if (info.size < this.#offset) {
      this.#offset = 0;
      this.#partial = Buffer.alloc(0);
      this.h.notice("truncated");
    }
    await this.#drain();
  }

  async #drain(): Promise<void> {
    const handle = this.#handle;
    if (!handle) return;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
      if (bytesRead === 0) return;
      this.#offset += bytesRead;
      this.#take(buffer.subarray(0, bytesRead));
    }
  }

  #take(chunk: Buffer): void {
    const data = this.#partial.length > 0 ? Buffer.concat([this.#partial, chunk]) : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let i = data.indexOf(LF); i >= 0; i = data.indexOf(LF, start)) {
      lines.push(this.#decoder.decode(data.subarray(start, i)));
      start = i + 1;
    }
    this.#partial = Buffer.from(data.subarray(start));
    if (this.#partial.length > (this.o.maxLineBytes ?? 64 * 1024)) {
      this.#partial = Buffer.alloc(0);
      this.h.notice("oversized");
    }
    if (lines.length > 0) this.h.lines(lines);
  }

  #setOpen(open: boolean, detail: string): void {
    if (open === this.#open && open) return;
    this.#open = open;
    this.h.status(open, detail);
  }
}
