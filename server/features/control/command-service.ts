/**
 * A shift lead's command on the instance that received it: validated, refused at once when the
 * switch is not connected, sent over the bus to the switch's owner, its outcome written to the
 * audit trail (who, when, from where, the line, from whom to whom, why, the result and the
 * switch's words) and told to every shift lead's screen. An undo is the inverse command, audited
 * as the undo of the entry it undoes.
 */
import {
  commandRequestSchema,
  fromTo,
  lineState,
  STATUS_CODES,
  undoOf,
  type CommandOutcome,
  type CommandRequest,
  type ControlResult,
} from "../../../shared/control.ts";
import type { LiveState } from "../../../shared/live-types.ts";
import type { AuditActor, AuditTrail } from "../../access/audit-trail.ts";
import type { CommandBus } from "../../cluster/command-bus.ts";
import type { Logger } from "../../log.ts";

export interface CommandWho {
  actor: AuditActor;
  address: string | null;
}

export type CommandAnswer =
  { code: number; body: ControlResult } | { code: 400 | 404 | 409 | 422; body: { error: string } };

export interface CommandServiceOptions {
  bus: CommandBus;
  audit: AuditTrail;
  state: () => LiveState;
  log: Logger;
  /** @default Date.now */
  now?: () => number;
}

type ResultListener = (result: ControlResult) => void;

export class CommandService {
  readonly #listeners = new Set<ResultListener>();

  constructor(private readonly options: CommandServiceOptions) {}

  /** Every command's result, for the shift leads' screens. */
  onResult(listener: ResultListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Validates `input` (the API's body) and runs it. */
  async run(input: unknown, who: CommandWho): Promise<CommandAnswer> {
    const parsed = commandRequestSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        code: 400,
        body: { error: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` },
      };
    }
    return this.#run(parsed.data, who, null);
  }

  /** Runs a request already validated (a scheduled change); `detail` joins its audit entry. */
  runRequest(
    request: CommandRequest,
    who: CommandWho,
    detail: Record<string, unknown>,
  ): Promise<CommandAnswer> {
    return this.#run(request, who, null, detail);
  }

  /** Undoes the done command of audit entry `auditId`, in one action. */
  async undo(auditId: number, reason: unknown, who: CommandWho): Promise<CommandAnswer> {
    if (typeof reason !== "string" || reason.trim() === "")
      return { code: 400, body: { error: "reason: required" } };
    const entry = await this.options.audit.get(auditId);
    const original = commandRequestSchema.safeParse(entry?.detail.request);
    if (!entry || !entry.action.startsWith("command.") || !original.success)
      return { code: 404, body: { error: `no command with audit id ${auditId}` } };
    if (entry.detail.result !== "done")
      return { code: 409, body: { error: "only a command the switch carried out can be undone" } };
    if (await this.#undone(auditId))
      return { code: 409, body: { error: `command ${auditId} is already undone` } };
    const inverse = undoOf(original.data, reason.trim());
    if (!inverse)
      return { code: 422, body: { error: `a ${original.data.action} cannot be undone` } };
    return this.#run(inverse, who, auditId);
  }

  /** Whether a later entry undid entry `auditId`. */
  async #undone(auditId: number): Promise<boolean> {
    let afterId = auditId;
    for (;;) {
      const page = await this.options.audit.range({ afterId, limit: 5_000 });
      if (page.some((e) => e.detail.undoOf === auditId && e.detail.result === "done")) return true;
      if (page.length < 5_000) return false;
      afterId = page[page.length - 1]?.id ?? afterId;
    }
  }

  async #run(
    request: CommandRequest,
    who: CommandWho,
    undo: number | null,
    extra: Record<string, unknown> = {},
  ): Promise<CommandAnswer> {
    const outcome: CommandOutcome =
      this.options.state().switchConnected === true
        ? await this.options.bus.send(request)
        : {
            status: "disconnected",
            responses: [],
            completed: 0,
            error: "the switch is not connected",
            line: lineState(this.options.state(), request.line),
          };
    const at = (this.options.now ?? Date.now)();
    const auditId = await this.options.audit.append({
      at,
      actor: who.actor,
      address: who.address,
      action: `command.${request.action}`,
      subject: request.line,
      detail: {
        request,
        ...fromTo(request),
        reason: request.reason,
        result: outcome.status,
        responses: outcome.responses,
        completed: outcome.completed,
        ...(outcome.error ? { error: outcome.error } : {}),
        ...(undo !== null ? { undoOf: undo } : {}),
        ...extra,
      },
    });
    const result: ControlResult = {
      status: outcome.status,
      auditId,
      action: request.action,
      line: outcome.line ?? null,
      request,
      by: who.actor.name ?? null,
      at: new Date(at).toISOString(),
      responses: outcome.responses,
      error: outcome.error ?? null,
      undoOf: undo,
    };
    for (const listener of this.#listeners) {
      try {
        listener(result);
      } catch (error) {
        this.options.log.warn({ err: (error as Error).message }, "result listener failed");
      }
    }
    return { code: STATUS_CODES[outcome.status], body: result };
  }
}
