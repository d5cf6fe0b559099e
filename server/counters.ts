/**
 * Named counters of what went wrong at the edges (rejected events, unparsable switch bytes,
 * reconnects…), reported by GET /healthz and, through their declared families, at /metrics. Each
 * module owns the names it increments.
 */
export type CountListener = (name: string, by: number) => void;

export class Counters {
  readonly #values = new Map<string, number>();
  #listener: CountListener | null = null;

  increment(name: string, by = 1): void {
    if (by === 0) return;
    this.#values.set(name, (this.#values.get(name) ?? 0) + by);
    this.#listener?.(name, by);
  }

  get(name: string): number {
    return this.#values.get(name) ?? 0;
  }

  /** Hears every count from now on, and those made before, once (the metrics' registry). */
  observe(listener: CountListener): void {
    this.#listener = listener;
    for (const [name, value] of this.#values) listener(name, value);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.#values].sort(([a], [b]) => a.localeCompare(b)));
  }
}
