/**
 * Loads the reference names once, retrying with back-off while the server is away: the wall shows
 * ids until names arrive, and never gives up on them.
 */
import { parseReferenceView, REFERENCE_URL, type ReferenceView } from "./reference.ts";

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;

export class ReferenceStore {
  #current = $state.raw<ReferenceView | null>(null);
  #abort: AbortController | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;

  get current(): ReferenceView | null {
    return this.#current;
  }

  start(): void {
    if (this.#abort) return;
    this.#abort = new AbortController();
    void this.#load(this.#abort.signal, FIRST_RETRY_MS);
  }

  /** Idempotent. */
  close(): void {
    this.#abort?.abort();
    this.#abort = null;
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
  }

  async #load(signal: AbortSignal, retryMs: number): Promise<void> {
    try {
      const response = await fetch(REFERENCE_URL, {
        signal,
        headers: { accept: "application/json" },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const view = parseReferenceView(await response.json());
      if (!view) throw new Error("unexpected reference shape");
      this.#current = view;
      return;
    } catch (error) {
      if (signal.aborted) return;
      console.error(`[reference] ${REFERENCE_URL} failed, retrying in ${retryMs} ms`, error);
    }
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.#load(signal, Math.min(retryMs * 2, MAX_RETRY_MS));
    }, retryMs);
  }
}
