/** Numbers from queue_log's data columns, bounded: a garbled or implausible one is counted, not used. */
import { MAX_DURATION_SEC } from "../plausible-time.ts";

/** No queue holds this many callers: a larger position is garbled. */
const MAX_POSITION = 100_000;

export class FieldReader {
  /** @param bad counts a column that is there but not usable */
  constructor(private readonly bad: () => void) {}

  /** Seconds (or milliseconds, with `scale` 1000); null when absent or unusable. */
  seconds(value: string | undefined, scale = 1): number | null {
    if (value === undefined || value.trim() === "") return null;
    const n = Number(value);
    if (Number.isFinite(n) && n >= 0 && n <= MAX_DURATION_SEC * scale) return n;
    this.bad();
    return null;
  }

  position(value: string | undefined): number | undefined {
    if (value === undefined || value.trim() === "") return undefined;
    const n = Number(value);
    if (Number.isInteger(n) && n > 0 && n <= MAX_POSITION) return n;
    this.bad();
    return undefined;
  }
}
