/**
 * Runs scheduled changes when they fall due, on the instance that leads (whether or not any
 * browser is open), each once: claimed in the database before it runs, its outcome written back
 * and audited like any command, under the name of the shift lead who scheduled it.
 */
import type { Logger } from "../../log.ts";
import type { CommandService } from "./command-service.ts";
import type { ScheduleApplier } from "./schedule-applier.ts";
import type { ScheduledChanges } from "./scheduled-changes.ts";

export interface ScheduleRunnerOptions {
  changes: ScheduledChanges;
  commands: CommandService;
  isLeader: () => boolean;
  log: Logger;
  /** Applies the published schedule when the admin switched it on. @default none */
  applier?: ScheduleApplier;
  /** How often due changes are looked for. @default 1000 */
  everyMs?: number;
  /** A change still running after this long was cut off by a stopped instance. @default 60000 */
  abandonAfterMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export class ScheduleRunner {
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #stopped = false;

  constructor(private readonly options: ScheduleRunnerOptions) {}

  start(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setInterval(() => void this.tick(), this.options.everyMs ?? 1_000);
  }

  /** Runs what is due now (when leading). Never rejects; one tick at a time. */
  tick(): Promise<void> {
    if (this.#ticking || this.#stopped || !this.options.isLeader())
      return this.#ticking ?? Promise.resolve();
    this.#ticking = this.#runDue()
      .catch((error: unknown) =>
        this.options.log.warn({ err: (error as Error).message }, "scheduled changes not run"),
      )
      .finally(() => {
        this.#ticking = null;
      });
    return this.#ticking;
  }

  /** Idempotent: stops looking, and waits for a change being run. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#ticking;
  }

  async #runDue(): Promise<void> {
    const { changes, commands, log } = this.options;
    const now = (this.options.now ?? Date.now)();
    const abandoned = await changes.abandonRunning(now - (this.options.abandonAfterMs ?? 60_000));
    if (abandoned.length > 0) log.warn({ ids: abandoned }, "scheduled changes interrupted");
    for (const change of await changes.claimDue(now)) {
      if (this.#stopped || !this.options.isLeader()) {
        // Claimed but not run: say so rather than leave it running.
        await changes.finish(change.id, "failed", null, "not run: the server was stopping");
        continue;
      }
      const answer = await commands.runRequest(
        change.request,
        { actor: change.by, address: change.address },
        { scheduledId: change.id, dueAt: new Date(change.dueAt).toISOString() },
      );
      const body = answer.body;
      const status = "status" in body ? body.status : "refused";
      const auditId = "auditId" in body ? body.auditId : null;
      await changes.finish(change.id, status === "done" ? "done" : "failed", auditId, status);
      log.info({ id: change.id, status, auditId }, "scheduled change run");
    }
    if (!this.#stopped && this.options.isLeader()) await this.options.applier?.apply(now);
  }
}
