/**
 * The bytes of a stream not yet cut into messages: appended at the end, taken from the front,
 * in one growing buffer (amortised copies, so a large message read in tiny pieces stays linear).
 */

const CR = 0x0d;
const LF = 0x0a;

export class ByteQueue {
  #buf: Buffer = Buffer.alloc(4096);
  #start = 0;
  #end = 0;
  /** Bytes from the front already searched for a block end without finding one. */
  #scanned = 0;

  get length(): number {
    return this.#end - this.#start;
  }

  append(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#buf.length) {
      const needed = this.length + chunk.length;
      const size = needed > this.#buf.length / 2 ? Math.max(needed * 2, 4096) : this.#buf.length;
      // Not zeroed: nothing past #end is ever read.
      const next = size === this.#buf.length ? this.#buf : Buffer.allocUnsafe(size);
      this.#buf.copy(next, 0, this.#start, this.#end);
      this.#buf = next;
      this.#end = this.length;
      this.#start = 0;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** The first `n` bytes, without taking them (a view, valid until the next append). */
  peek(n: number): Uint8Array {
    return this.#buf.subarray(this.#start, this.#start + Math.min(n, this.length));
  }

  /**
   * Takes the first `n` bytes and throws away `skip` more after them. The bytes are a view, not
   * a copy: valid until the next append (the parser decodes them at once).
   */
  take(n: number, skip: number): Buffer {
    const out = this.#buf.subarray(this.#start, this.#start + n);
    this.#start += Math.min(this.length, n + skip);
    this.#scanned = 0;
    if (this.#start === this.#end) this.clear();
    return out;
  }

  indexOf(needle: Uint8Array, from = 0): number {
    return this.#buf.subarray(this.#start, this.#end).indexOf(needle, from);
  }

  /** Keeps only the last `n` bytes. */
  keepTail(n: number): void {
    if (this.length > n) this.#start = this.#end - n;
    this.#scanned = 0;
  }

  clear(): void {
    if (this.#buf.length > 64 * 1024) this.#buf = Buffer.alloc(4096);
    this.#start = 0;
    this.#end = 0;
    this.#scanned = 0;
  }

  /**
   * The empty line that ends a block: CRLF CRLF, or a bare LF LF from a lenient peer. Hops from
   * line end to line end natively (a one-byte search is the fastest there is): this runs on
   * every byte the switch sends.
   */
  findBlockEnd(): { at: number; length: number } | null {
    const view = this.#buf.subarray(this.#start, this.#end);
    const end = view.length;
    for (let i = Math.max(0, this.#scanned - 3); ; i += 1) {
      i = view.indexOf(LF, i);
      if (i < 0) break;
      if (i + 1 < end && view[i + 1] === LF) return { at: i, length: 2 };
      if (i + 2 < end && view[i + 1] === CR && view[i + 2] === LF) return { at: i, length: 3 };
      if (i + 2 >= end) break;
    }
    this.#scanned = this.length;
    return null;
  }
}
