/**
 * Stable ids for the lines of a followed file: a hash of the line's text, and its rank among
 * identical lines since the content started. The same content read again (a restart of the
 * server, a file replaced by a longer copy of itself) gives the same ids, so lines already
 * applied are recognised; two identical lines in one file stay two lines.
 */
import { createHash } from "node:crypto";

/** Distinct line texts remembered for ranks; past it, ranks restart (identical lines are rare). */
const MAX_TRACKED = 200_000;

export class LineIds {
  readonly #ranks = new Map<string, number>();

  next(text: string): string {
    const hash = createHash("sha256").update(text).digest("base64url").slice(0, 16);
    const rank = (this.#ranks.get(hash) ?? 0) + 1;
    if (this.#ranks.size >= MAX_TRACKED && rank === 1) this.#ranks.clear();
    this.#ranks.set(hash, rank);
    return rank === 1 ? hash : `${hash}.${rank}`;
  }

  /** The content starts over (a new file, or the same file truncated or replaced). */
  reset(): void {
    this.#ranks.clear();
  }
}
