/**
 * Ingest: events a second through the whole path, adapter output → event log (Redis Streams) →
 * validation → reducer, against a redis-benchmark-style pipelined XADD of the same messages with
 * one reader (XREAD) on its own connection, on the same Redis.
 */
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { alertThresholdsSchema } from "../../shared/alerts.ts";
import type { SwitchEventInput } from "../../shared/events.ts";
import type { Reference } from "../../shared/reference.ts";
import { Counters } from "../../server/counters.ts";
import { RedisStreamLog } from "../../server/events/redis-stream-log.ts";
import { LiveModel } from "../../server/live/live-model.ts";
import { silentLogger } from "../../server/log.ts";
import type { EventSink, SwitchAdapter } from "../../server/switches/switch-adapter.ts";
import { SwitchRunner } from "../../server/switches/switch-runner.ts";
import { measurement, median, samplesAsync, spread, type Measurement } from "../measure.ts";

/** Hands the whole batch over at once, as an adapter catching up after an outage would. */
class BatchAdapter implements SwitchAdapter {
  readonly kind = "bench";
  constructor(readonly events: SwitchEventInput[]) {}
  async start(sink: EventSink): Promise<void> {
    for (let i = 0; i < this.events.length; i += 1000) sink(this.events.slice(i, i + 1000));
  }
  async stop(): Promise<void> {}
  async command() {
    return { ok: false as const, error: "bench" };
  }
}

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = (): void => (check() ? resolve() : void setImmediate(poll));
    poll();
  });
}

async function bare(url: string, messages: string[]): Promise<void> {
  const key = `bench:${randomUUID()}:raw`;
  const writer = createClient({ url });
  const reader = createClient({ url });
  await Promise.all([writer.connect(), reader.connect()]);
  try {
    const read = (async () => {
      let after = "0-0";
      let count = 0;
      while (count < messages.length) {
        const reply = (await reader.xRead({ key, id: after }, { BLOCK: 1000, COUNT: 1000 })) as
          { messages: { id: string; message: Record<string, string> }[] }[] | null;
        const got = reply?.[0]?.messages ?? [];
        count += got.length;
        after = got.at(-1)?.id ?? after;
      }
    })();
    for (let i = 0; i < messages.length; i += 1000) {
      const batch = writer.multi();
      for (const message of messages.slice(i, i + 1000)) batch.xAdd(key, "*", { e: message });
      await batch.execAsPipeline();
    }
    await read;
  } finally {
    await writer.del(key);
    await Promise.all([writer.close(), reader.close()]);
  }
}

async function samad(url: string, reference: Reference, events: SwitchEventInput[]): Promise<void> {
  const log = silentLogger();
  const eventLog = await RedisStreamLog.connect({ url, prefix: `bench:${randomUUID()}:`, log });
  const model = new LiveModel({
    reference,
    thresholds: alertThresholdsSchema.parse({}),
    epoch: "bench",
    now: events[0]?.at ?? 0,
  });
  let applied = 0;
  const follower = eventLog.follow(null, (entries) => {
    for (const entry of entries) model.apply(entry);
    applied += entries.length;
  });
  const runner = new SwitchRunner({
    adapter: new BatchAdapter(events),
    eventLog,
    counters: new Counters(),
    logger: log,
    maxBuffered: events.length,
  });
  try {
    await runner.start();
    await until(() => applied >= events.length);
  } finally {
    await runner.stop();
    await follower.close();
    const cleanup = createClient({ url });
    await cleanup.connect();
    await cleanup.del(eventLog.key);
    await cleanup.close();
    await eventLog.close();
  }
}

export async function benchIngest(
  url: string,
  reference: Reference,
  events: SwitchEventInput[],
): Promise<Measurement[]> {
  const messages = events.map((e) => JSON.stringify(e));
  const bareMs = await samplesAsync(() => bare(url, messages), 5);
  const samadMs = await samplesAsync(() => samad(url, reference, events), 5);
  const perSecond = (ms: number): number => Math.round(events.length / (ms / 1000));
  return [
    measurement({
      name: "ingest events/s, adapter output → Redis Streams log → validation → reducer",
      note: `${events.length} events of a simulated week`,
      value: perSecond(median(samadMs)),
      unit: "events/s",
      baseline: {
        what: "pipelined XADD of the same messages with one XREAD reader, same Redis",
        value: perSecond(median(bareMs)),
        unit: "events/s",
      },
      target: "ratio ≥ 0.5",
      met: median(bareMs) / median(samadMs) >= 0.5,
      spread: spread(samadMs.map(perSecond)),
    }),
  ];
}
