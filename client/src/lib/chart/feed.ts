/**
 * What reaches a chart, and how often. A chart redraws its whole canvas on every setOption, and
 * Persian text on a canvas is costly to shape; the figures beside it already move live. So a chart
 * gets at most one update per `minIntervalMs` (the latest data, never a queue: nothing grows), none
 * while its page is hidden, and none when the data is what it already shows.
 */
export interface ChartFeed<T> {
  /** Offers the latest data; `key` identifies its content (equal keys are not sent again). */
  push(key: string, data: T): void;
  /** A hidden page's charts wait; on showing again they get the latest at once. */
  setActive(active: boolean): void;
  /** Idempotent. */
  dispose(): void;
}

/** The clock a feed waits on; narrow so that the browser's and Node's timers both fit. */
export interface FeedClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export function createChartFeed<T>(
  send: (data: T) => void,
  minIntervalMs: number,
  clock: FeedClock = {
    now: () => Date.now(),
    setTimeout: (run, ms) => setTimeout(run, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  },
): ChartFeed<T> {
  let sentKey: string | null = null;
  let sentAt = -Infinity;
  let latest: { key: string; data: T } | null = null;
  let timer: unknown = null;
  let active = true;
  let disposed = false;

  const flush = (): void => {
    timer = null;
    if (disposed || !active || !latest || latest.key === sentKey) return;
    const wait = sentAt + minIntervalMs - clock.now();
    if (wait > 0) {
      timer = clock.setTimeout(flush, wait);
      return;
    }
    sentKey = latest.key;
    sentAt = clock.now();
    const { data } = latest;
    latest = null;
    send(data);
  };

  return {
    push(key, data) {
      if (disposed) return;
      latest = { key, data };
      if (timer === null) flush();
    },
    setActive(next) {
      active = next;
      if (active && timer === null) flush();
    },
    dispose() {
      disposed = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      latest = null;
    },
  };
}
