/**
 * Loads the reference names and thresholds once, retrying with back-off while the server is away:
 * the wall shows ids until names arrive, and never gives up on them.
 */
import {
  parseReferenceView,
  REFERENCE_URL,
  THRESHOLDS_URL,
  type ReferenceView,
} from "./reference.ts";

async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

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
      const [reference, thresholds] = await Promise.all([
        getJson(REFERENCE_URL, signal),
        getJson(THRESHOLDS_URL, signal),
      ]);
      const view = parseReferenceView(reference, thresholds);
      if (!view) throw new Error("unexpected reference or thresholds shape");
      this.#current = view;
      return;
    } catch (error) {
      if (signal.aborted) return;
      console.error(`[reference] loading failed, retrying in ${retryMs} ms`, error);
    }
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.#load(signal, Math.min(retryMs * 2, MAX_RETRY_MS));
    }, retryMs);
  }
}
