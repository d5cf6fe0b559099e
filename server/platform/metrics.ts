/**
 * What Prometheus reads at /metrics (prom-client): declared metric families with declared labels.
 * The modules keep counting under their names (`counters.increment("gateway.delta-skipped")`);
 * each name belongs to one declared family by its first part, with the rest as the `what` label,
 * so a family's labels come from names written in the code, never from outside input. The
 * live side's own figures (events applied and refused by reason, the age of the last entry,
 * sockets by role, deltas' bytes, flush and emit times) are declared here as their own metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** The families the counters' names fall in, by their first part. */
const FAMILIES = {
  events: "Events through the event log: appended, applied, refused, duplicates",
  switch: "The switch runner: events held back, dropped, adapters that failed to start",
  ami: "The AMI adapter's input: logins, resyncs, what it dropped and why",
  queuelog: "The queue_log follower's input: what it dropped and why",
  gateway: "The gateway's sockets: snapshots served, requests refused, slow screens",
  http: "HTTP requests refused: malformed URLs, bad requests, errors",
  history: "Writing and reading the history",
  live: "The live service: flush errors, checkpoints not written",
  process: "The process itself: rejections nobody heard",
} as const;

type Family = keyof typeof FAMILIES;

/** What the gauges read when Prometheus scrapes. */
export interface GaugeSources {
  /** Seconds since the last entry was applied; null before any. */
  lastEntryAgeSeconds(): number | null;
  eventsHeldBack(): number;
  socketsByRole(): Iterable<[string, number]>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly #families = new Map<string, Counter<"what">>();
  readonly eventsRejected: Counter<"reason">;
  readonly lastEntryAge: Gauge;
  readonly eventsHeldBack: Gauge;
  readonly sockets: Gauge<"role">;
  readonly deltaBytes: Histogram;
  readonly flushSeconds: Histogram;
  readonly emitSeconds: Histogram;
  #sources: GaugeSources | null = null;

  constructor() {
    const registers = [this.registry];
    for (const [family, help] of Object.entries(FAMILIES)) {
      this.#families.set(
        family,
        new Counter({ name: `samad_${family}_total`, help, labelNames: ["what"], registers }),
      );
    }
    this.eventsRejected = new Counter({
      name: "samad_events_rejected_by_reason_total",
      help: "Events the live model refused, by reason (duplicate, ahead-of-clock, call-never-joined…)",
      labelNames: ["reason"],
      registers,
    });
    const sources = (): GaugeSources | null => this.#sources;
    this.lastEntryAge = new Gauge({
      name: "samad_event_log_last_entry_age_seconds",
      help: "Seconds since this instance applied the last entry of the event log (-1: none yet)",
      registers,
      collect() {
        this.set(sources()?.lastEntryAgeSeconds() ?? -1);
      },
    });
    this.eventsHeldBack = new Gauge({
      name: "samad_switch_events_held_back",
      help: "Events the switch runner holds while the event log is unreachable (leader only)",
      registers,
      collect() {
        this.set(sources()?.eventsHeldBack() ?? 0);
      },
    });
    this.sockets = new Gauge({
      name: "samad_sockets",
      help: "Open sockets of this instance, by role",
      labelNames: ["role"],
      registers,
      collect() {
        this.reset();
        for (const [role, count] of sources()?.socketsByRole() ?? []) this.set({ role }, count);
      },
    });
    this.deltaBytes = new Histogram({
      name: "samad_delta_bytes",
      help: "Size of each delta sent to the screens, serialized",
      buckets: [256, 1024, 4096, 16_384, 65_536, 262_144],
      registers,
    });
    this.flushSeconds = new Histogram({
      name: "samad_flush_seconds",
      help: "Time to compute the views and the delta of one flush",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
    this.emitSeconds = new Histogram({
      name: "samad_emit_seconds",
      help: "Time to hand one delta to every screen of this instance",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
    collectDefaultMetrics({ register: this.registry, prefix: "samad_" });
  }

  /** Where the gauges read from; the app sets it once its parts exist. */
  watch(sources: GaugeSources): void {
    this.#sources = sources;
  }

  /** Counts under a module's name ("gateway.delta-skipped"); a name of no family is "other". */
  count(name: string, by: number): void {
    const dot = name.indexOf(".");
    const family = (dot < 0 ? name : name.slice(0, dot)) as Family;
    const counter = this.#families.get(family) ?? this.#families.get("process");
    const what = family in FAMILIES ? name.slice(dot + 1) : `other:${name}`;
    counter?.inc({ what }, by);
  }

  /** The text Prometheus scrapes. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
