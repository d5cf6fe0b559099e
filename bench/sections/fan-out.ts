/**
 * Fan-out: how many screens one instance serves at four deltas a second before a delta's delivery
 * p99 passes twice the interval, against a bare socket.io server broadcasting the same bytes at
 * the same rate to the same screens; CPU and memory per thousand screens; one encoding per
 * broadcast against one per socket; permessage-deflate against none.
 */
import { randomUUID } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { measurement, round, type Measurement } from "../measure.ts";
import type { RunReport } from "../support/server-child.ts";
import {
  dropStream,
  INTERVAL_MS,
  Screens,
  startBare,
  startSamad,
  capped,
  type Latency,
  type ScreenOptions,
} from "../support/screens.ts";

/** One step of the fan-out: samad-live and the bare server, each to `count` screens. */
async function fanOutStep(
  redisUrl: string,
  count: number,
  seconds: number,
): Promise<{ samad: Latency & RunReport; bare: Latency & RunReport }> {
  const prefix = `bench:${randomUUID()}:`;
  const samad = await startSamad(redisUrl, prefix);
  let samadResult: Latency & RunReport;
  try {
    const screens = await Screens.open(samad.url, count, "record", false, samad.token);
    try {
      const report = await samad.server.request<RunReport>({ cmd: "run", rate: 100, seconds });
      samadResult = { ...report, ...(await screens.latency({ emits: report.emits })) };
    } finally {
      await screens.close();
    }
  } finally {
    await samad.server.stop();
    await dropStream(redisUrl, prefix);
  }
  const bare = await startBare();
  try {
    const screens = await Screens.open(bare.url, count, "record");
    try {
      const report = await bare.server.request<RunReport>({
        cmd: "run",
        rate: 1000 / INTERVAL_MS,
        seconds,
        payload: samadResult.sampleDelta,
      });
      return {
        samad: samadResult,
        bare: { ...report, ...(await screens.latency({ emits: report.emits })) },
      };
    } finally {
      await screens.close();
    }
  } finally {
    await bare.server.stop();
  }
}

export async function benchFanOut(options: ScreenOptions): Promise<Measurement[]> {
  const seconds = options.seconds ?? 12;
  const steps = options.fanOutSteps ?? [1000, 2000, 4000, 5000, 6000, 8000];
  const out: Measurement[] = [];
  let served = 0;
  let firstOver: number | null = null;
  let failedAt: number | null = null;
  for (const count of steps) {
    let step: Awaited<ReturnType<typeof fanOutStep>>;
    try {
      step = await fanOutStep(options.redisUrl, count, seconds);
    } catch (error) {
      // Screens that never connected, or never heard a delta, give no figure: not a 0 ms one.
      out.push(failedStep(count, error));
      failedAt = count;
      break;
    }
    const { samad, bare } = step;
    const perThousand = count / 1000;
    out.push(
      measurement({
        name: `fan-out delivery p99, ${count.toLocaleString("en")} screens`,
        value: samad.p99,
        atLeast: samad.p99AtCap,
        unit: "ms",
        baseline: {
          what: "bare socket.io broadcasting the same bytes, p99",
          value: bare.p99,
          unit: "ms",
        },
        target: count === 1000 || count === 4000 ? "ratio ≤ 1.5" : null,
        met: count === 1000 || count === 4000 ? samad.p99 <= 1.5 * Math.max(bare.p99, 1) : null,
        note:
          `p50 ${capped(samad.p50, samad.p50AtCap)} (bare ${capped(bare.p50, bare.p50AtCap)}), ` +
          `p99 bare ${capped(bare.p99, bare.p99AtCap)}, max ${samad.max} ms (bare ${bare.max}); ` +
          `${samad.lateFlushes} late flushes; bare p99 floored at 1 ms for the ratio` +
          (samad.disconnected || bare.disconnected
            ? `; screens cut off by the server: ${samad.disconnected} (bare ${bare.disconnected})`
            : ""),
      }),
      measurement({
        name: `fan-out CPU per 1,000 screens, ${count.toLocaleString("en")} screens`,
        value: ((samad.cpuMs / samad.wallMs) * 100) / perThousand,
        unit: "% of a core",
        baseline: {
          what: "bare socket.io broadcasting the same bytes",
          value: round(((bare.cpuMs / bare.wallMs) * 100) / perThousand, 2),
          unit: "% of a core",
        },
        target: null,
      }),
      measurement({
        name: `fan-out memory per 1,000 screens, ${count.toLocaleString("en")} screens`,
        value: samad.rssMb / perThousand,
        unit: "MB RSS",
        baseline: {
          what: "bare socket.io with the same screens",
          value: round(bare.rssMb / perThousand, 1),
          unit: "MB RSS",
        },
        target: null,
      }),
    );
    if (samad.p99 <= 2 * INTERVAL_MS && firstOver === null) served = count;
    else firstOver ??= count;
    if (firstOver !== null) break;
  }
  out.push(
    measurement({
      name: "fan-out screens served at 4 deltas/s with delivery p99 ≤ 2× the interval",
      value: served,
      unit: "screens",
      baseline: null,
      target: "≥ 5,000",
      met: served >= 5000,
      note:
        failedAt !== null
          ? `the step at ${failedAt} screens could not be measured (see its error); held up to ${served}`
          : firstOver === null
            ? `every step up to ${steps.at(-1)} held; the machine's two cores also run the screens`
            : `p99 passed ${2 * INTERVAL_MS} ms at ${firstOver} screens; the screens' processes share the same two cores`,
    }),
  );
  return out;
}

/** A step that could not be measured, as an error in the report rather than a figure. */
function failedStep(count: number, error: unknown): Measurement {
  return measurement({
    name: `fan-out delivery p99, ${count.toLocaleString("en")} screens failed`,
    value: 0,
    unit: "",
    baseline: null,
    target: null,
    met: false,
    note: (error as Error).message,
  });
}

/**
 * Serializing once per tick and permessage-deflate, at 1,000 screens with the same delta: CPU of
 * the server per delta and bytes on the wire.
 */
export async function benchBroadcastModes(
  sampleDelta: string,
  seconds = 10,
): Promise<Measurement[]> {
  const count = 1000;
  const modes = [
    { key: "broadcast", options: {} },
    { key: "per-socket", options: { perSocket: true } },
    { key: "deflate", options: { perMessageDeflate: true } },
  ] as const;
  const results = new Map<string, Latency & RunReport>();
  for (const mode of modes) {
    const bare = await startBare(mode.options);
    try {
      const screens = await Screens.open(bare.url, count, "record", mode.key === "deflate");
      try {
        const report = await bare.server.request<RunReport>({
          cmd: "run",
          rate: 1000 / INTERVAL_MS,
          seconds,
          payload: sampleDelta,
        });
        results.set(mode.key, { ...report, ...(await screens.latency({ emits: report.emits })) });
      } finally {
        await screens.close();
      }
    } finally {
      await bare.server.stop();
    }
  }
  const cpuPerDelta = (key: string): number => {
    const r = results.get(key)!;
    return r.cpuMs / r.emits.length;
  };
  const bytes = Buffer.byteLength(sampleDelta);
  const deflated = deflateRawSync(Buffer.from(sampleDelta)).length;
  const broadcast = {
    what: "one encoding per broadcast (io.local.emit)",
    value: round(cpuPerDelta("broadcast"), 3),
    unit: "ms CPU per delta",
  };
  return [
    measurement({
      name: "fan-out server CPU per delta to 1,000 screens, emitted per socket",
      value: cpuPerDelta("per-socket"),
      unit: "ms CPU per delta",
      baseline: broadcast,
      target: null,
      note: `p99 ${results.get("per-socket")?.p99} ms against ${results.get("broadcast")?.p99} ms broadcast`,
    }),
    measurement({
      name: "fan-out server CPU per delta to 1,000 screens, permessage-deflate",
      value: cpuPerDelta("deflate"),
      unit: "ms CPU per delta",
      baseline: broadcast,
      target: null,
      note: `p99 ${results.get("deflate")?.p99} ms against ${results.get("broadcast")?.p99} ms without`,
    }),
    measurement({
      name: "fan-out bytes per delta on the wire, permessage-deflate",
      value: deflated,
      unit: "B",
      baseline: { what: "the same delta uncompressed", value: bytes, unit: "B" },
      target: null,
    }),
  ];
}
