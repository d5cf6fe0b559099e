/**
 * What the screen and fan-out benchmarks share: servers and screens in processes of their own,
 * and latency percentiles from the screens' histograms.
 */
import { createClient } from "redis";
import { round } from "../measure.ts";
import { Child } from "./child.ts";
import { HISTOGRAM_MS } from "./screens-child.ts";

export { HISTOGRAM_MS };

export const INTERVAL_MS = 250;
const SCREEN_PROCESSES = 2;

export interface ScreenOptions {
  redisUrl: string;
  /** Seconds of traffic per repetition. @default 12 */
  seconds?: number;
  /** @default 3 */
  repeats?: number;
  /** @default 1000 */
  screens?: number;
  /** Screen counts the fan-out tries, in order, until delivery p99 passes 2× the interval. */
  fanOutSteps?: number[];
}

interface Histogram {
  histogram: [number, number][];
  missing: number;
  max: number;
  disconnected: number;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  count: number;
  missing: number;
  /** Screens the server had cut off by the end. */
  disconnected: number;
  /** p50 or p99 fell in the histogram's last bucket: it is "≥ HISTOGRAM_MS", not a measurement. */
  p50AtCap: boolean;
  p99AtCap: boolean;
}

export function percentiles(parts: Histogram[]): Latency {
  const counts = new Map<number, number>();
  let missing = 0;
  let max = 0;
  let disconnected = 0;
  for (const part of parts) {
    missing += part.missing;
    disconnected += part.disconnected;
    max = Math.max(max, part.max);
    for (const [ms, n] of part.histogram) counts.set(ms, (counts.get(ms) ?? 0) + n);
  }
  // What never arrived counts as arriving last: a percentile must not improve by losing it.
  if (missing > 0) counts.set(HISTOGRAM_MS, (counts.get(HISTOGRAM_MS) ?? 0) + missing);
  const sorted = [...counts].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  const at = (q: number): number => {
    let seen = 0;
    for (const [ms, n] of sorted) {
      seen += n;
      if (seen >= q * total) return ms;
    }
    return HISTOGRAM_MS;
  };
  if (total === 0) throw new Error("no delivery was measured: no screen heard any delta");
  const [p50, p99] = [at(0.5), at(0.99)];
  return {
    p50,
    p99,
    max: round(max, 1),
    count: total,
    missing,
    disconnected,
    p50AtCap: p50 >= HISTOGRAM_MS,
    p99AtCap: p99 >= HISTOGRAM_MS,
  };
}

/** A latency as the report reads it: a figure in the last bucket is a bound, not a measurement. */
export function capped(ms: number, atCap: boolean): string {
  return atCap ? `≥ ${HISTOGRAM_MS.toLocaleString("en")} ms (the histogram's cap)` : `${ms} ms`;
}

export class Screens {
  readonly children: Child[] = [];
  static async open(
    url: string,
    count: number,
    mode: "sync" | "record",
    deflate?: boolean,
    token?: string,
  ) {
    const screens = new Screens();
    for (let i = 0; i < SCREEN_PROCESSES; i += 1)
      screens.children.push(Child.start("screens-child"));
    const share = Math.ceil(count / SCREEN_PROCESSES);
    // Every screen of a process signs in with the same screen token in its socket handshake:
    // no sign-in or token exchange per screen, so no per-address limit of those routes applies.
    const opened = await Promise.all(
      screens.children.map((child, i) =>
        child.request<{ connected: number; failed: number; error: string | null }>({
          cmd: "connect",
          url,
          mode,
          count: Math.min(share, count - i * share),
          perMessageDeflate: deflate,
          token,
        }),
      ),
    );
    const connected = opened.reduce((n, o) => n + o.connected, 0);
    if (connected < count) {
      await screens.close();
      const why = opened.find((o) => o.error)?.error ?? "no error given";
      throw new Error(`only ${connected} of ${count} screens connected (first failure: ${why})`);
    }
    return screens;
  }
  async reset(): Promise<void> {
    await Promise.all(this.children.map((c) => c.request({ cmd: "reset" })));
  }
  async latency(report: { joins?: number[]; emits?: [number, number][] }): Promise<Latency> {
    const settle = {
      cmd: "settle",
      timeoutMs: 60_000,
      ...(report.joins ? { events: report.joins.length } : { seq: report.emits?.at(-1)?.[0] }),
    };
    await Promise.all(this.children.map((c) => c.request(settle)));
    const parts = await Promise.all(
      this.children.map((c) => c.request<Histogram>({ cmd: "report", ...report })),
    );
    return percentiles(parts);
  }
  async close(): Promise<void> {
    await Promise.all(this.children.map((c) => c.stop({ cmd: "close" })));
  }
}

export async function startSamad(
  redisUrl: string,
  prefix: string,
): Promise<{ server: Child; url: string; token: string }> {
  const server = Child.start("server-child");
  const { url, token } = await server.request<{ url: string; token: string }>({
    cmd: "start-samad",
    redisUrl,
    prefix,
    flushIntervalMs: INTERVAL_MS,
  });
  return { server, url, token };
}

export async function startBare(
  options: { perMessageDeflate?: boolean; perSocket?: boolean } = {},
) {
  const server = Child.start("server-child");
  const { url } = await server.request<{ url: string }>({
    cmd: "start-bare",
    perMessageDeflate: options.perMessageDeflate ?? false,
    perSocket: options.perSocket ?? false,
  });
  return { server, url };
}

export async function dropStream(redisUrl: string, prefix: string): Promise<void> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  await client.del(`${prefix}events`);
  await client.close();
}
