/**
 * Bytes to lines, for a followed file. A line longer than the limit is dropped whole: its tail,
 * read later, is never taken for a line of its own (it could look like a real call). A half line
 * at the end waits for the rest; a character split between two reads is whole by then.
 */

const LF = 0x0a;

export class LineSplitter {
  #partial: Buffer = Buffer.alloc(0);
  /** Inside an oversized line: everything up to its end is dropped. */
  #skipping = false;
  readonly #decoder = new TextDecoder("utf-8");

  /**
   * @param maxLineBytes the longest line kept
   * @param oversized called once per line dropped for its length
   */
  constructor(
    private readonly maxLineBytes: number,
    private readonly oversized: () => void,
  ) {}

  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, start)) {
      const piece = chunk.subarray(start, i);
      start = i + 1;
      if (this.#skipping) {
        this.#skipping = false;
        continue;
      }
      const length = this.#partial.length + piece.length;
      if (length > this.maxLineBytes) this.oversized();
      else lines.push(this.#decoder.decode(this.#join(piece)));
      this.#partial = Buffer.alloc(0);
    }
    const rest = chunk.subarray(start);
    if (this.#skipping || rest.length === 0) return lines;
    if (this.#partial.length + rest.length > this.maxLineBytes) {
      this.oversized();
      this.#skipping = true;
      this.#partial = Buffer.alloc(0);
    } else this.#partial = this.#join(rest);
    return lines;
  }

  /** Bytes of an unfinished line held now (bounded by the limit). */
  get pendingBytes(): number {
    return this.#partial.length;
  }

  reset(): void {
    this.#partial = Buffer.alloc(0);
    this.#skipping = false;
  }

  #join(piece: Uint8Array): Buffer {
    return this.#partial.length === 0 ? Buffer.from(piece) : Buffer.concat([this.#partial, piece]);
  }
}
