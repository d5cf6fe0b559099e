/**
 * The soak's switch over AMI (SOAK_SWITCH=ami): the simulated Asterisk of test/support on a port
 * of its own, in this process, behind a TCP proxy that can cut the instances' connection to it
 * for a few seconds; the switch map file the instances read (SWITCH_MAP). And what a cut may cost:
 * the calls whose life overlaps a time when no instance heard the switch.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SwitchEvent } from "../../shared/events.ts";
import type { Reference } from "../../shared/reference.ts";
import { CuttingProxy } from "../../test/support/tcp-proxy.ts";
import {
  SimulatedAsterisk,
  type Unheard,
} from "../../test/support/simulated-asterisk/simulated-asterisk.ts";
import { until } from "./cluster.ts";

export interface SoakAsteriskOptions {
  reference: Reference;
  seed: number;
  start: number;
  speed: number;
  holdAt: number;
}

export class SoakAsterisk {
  readonly asterisk: SimulatedAsterisk;
  readonly #secret = randomBytes(12).toString("hex");
  readonly #dir = mkdtempSync(path.join(tmpdir(), "samad-soak-ami-"));
  #proxy: CuttingProxy | null = null;
  #proxyPort = 0;

  constructor(options: SoakAsteriskOptions) {
    this.asterisk = new SimulatedAsterisk({ ...options, secret: this.#secret });
  }

  async start(): Promise<void> {
    const port = await this.asterisk.listen();
    this.#proxy = new CuttingProxy(port);
    this.#proxyPort = await this.#proxy.listen();
    writeFileSync(this.#mapFile, JSON.stringify(this.asterisk.plan.switchMap(), null, 1));
  }

  get #mapFile(): string {
    return path.join(this.#dir, "switch-map.json");
  }

  /** What an instance needs to reach the switch through the proxy. */
  env(): Record<string, string> {
    return {
      SWITCH: `ami://samad:${this.#secret}@127.0.0.1:${this.#proxyPort}`,
      SWITCH_MAP: this.#mapFile,
    };
  }

  /** The switch's clock starts once the first leader has logged in: no call is lost at the start. */
  async runOnceHeard(): Promise<void> {
    await until(() => this.asterisk.stats.logins > 0, 60_000, "a leader to log in to the switch");
    this.asterisk.run();
  }

  /** Cuts the connection and refuses new ones for `downMs`, as a link that goes down and back. */
  async cut(downMs: number): Promise<void> {
    const proxy = this.#proxy;
    if (!proxy) return;
    proxy.stopAccepting();
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await proxy.resumeAccepting(this.#proxyPort);
  }

  async destroy(): Promise<void> {
    await this.#proxy?.close().catch(() => undefined);
    await this.asterisk.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

export type Figure = "offered" | "answered" | "abandoned";

/**
 * Per line, the calls of the truth that nobody may have heard in full: whose life (join to end,
 * or to now) overlaps a time no instance was logged in, widened by `graceMs` of switch time either
 * side for what a killed leader had read but not yet appended. Those, and only those, a cut can
 * lose, and a reconciliation against the switch's counters (QueueParams) may reconstruct.
 */
export function callsAtRisk(
  truth: SwitchEvent[],
  unheard: readonly Unheard[],
  graceMs: number,
): Map<string, Record<Figure, number>> {
  const life = new Map<string, { line: string; from: number; to: number; outcome: string }>();
  for (const e of truth) {
    if (!("call" in e)) continue;
    const key = `${e.line}\u0000${e.call}`;
    if (e.type === "call.joined")
      life.set(key, { line: e.line, from: e.at, to: Infinity, outcome: "" });
    const call = life.get(key);
    if (!call) continue;
    if (e.type === "call.answered") call.outcome = "answered";
    if (e.type === "call.abandoned") call.outcome = "abandoned";
    if (e.type === "call.ended" || e.type === "call.abandoned" || e.type === "call.left")
      call.to = e.at;
  }
  const out = new Map<string, Record<Figure, number>>();
  for (const call of life.values()) {
    const overlaps = unheard.some(
      (w) => call.from <= (w.to ?? Infinity) + graceMs && call.to >= w.from - graceMs,
    );
    if (!overlaps) continue;
    const risk = out.get(call.line) ?? { offered: 0, answered: 0, abandoned: 0 };
    risk.offered += 1;
    if (call.outcome === "answered") risk.answered += 1;
    if (call.outcome === "abandoned") risk.abandoned += 1;
    out.set(call.line, risk);
  }
  return out;
}
