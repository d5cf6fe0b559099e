/**
 * Runs shift leads' commands on the instance that owns the switch. Commands on the same line run
 * one after another: each checks the membership its request expects only once the one before it
 * is confirmed, so of two concurrent moves the second finds the line changed. A command is done
 * when the switch said Success and its own event shows the change in the live state.
 */
import {
  expectHolds,
  leavesLineEmpty,
  lineState,
  linesOf,
  stepShown,
  stepsOf,
  type CommandOutcome,
  type CommandRequest,
  type CommandStep,
} from "../../../shared/control.ts";
import type { LiveState } from "../../../shared/live-types.ts";
import type { CommandResult, SwitchAdapter, SwitchCommand } from "../../switches/switch-adapter.ts";

export interface CommandExecutorOptions {
  /** The live state this instance reduces from the log. */
  state: () => LiveState;
  /** The adapter running here: null when this instance does not own the switch. */
  adapter: () => SwitchAdapter | null;
  /** How long the switch has to answer an action. @default 6000 */
  answerTimeoutMs?: number;
  /** How long its event has, after its Success, to show in the live state. @default 5000 */
  confirmTimeoutMs?: number;
}

const POLL_MS = 20;

export class CommandExecutor {
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(private readonly options: CommandExecutorOptions) {}

  /** The longest a command can take here, for a requester waiting on another instance. */
  get budgetMs(): number {
    return 2 * ((this.options.answerTimeoutMs ?? 6_000) + (this.options.confirmTimeoutMs ?? 5_000));
  }

  execute(request: CommandRequest): Promise<CommandOutcome> {
    return this.#locked(linesOf(request), () => this.#run(request));
  }

  /** Runs `task` once every earlier task on any of `lines` has finished. */
  #locked<T>(lines: readonly string[], task: () => Promise<T>): Promise<T> {
    const before = Promise.all(lines.map((line) => this.#locks.get(line)));
    const run = before.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    for (const line of lines) this.#locks.set(line, settled);
    void settled.then(() => {
      for (const line of lines) if (this.#locks.get(line) === settled) this.#locks.delete(line);
    });
    return run;
  }

  async #run(request: CommandRequest): Promise<CommandOutcome> {
    const adapter = this.options.adapter();
    const state = this.options.state();
    if (!adapter || state.switchConnected !== true)
      return {
        status: "disconnected",
        responses: [],
        completed: 0,
        error: "the switch is not connected",
      };
    const before = lineState(state, request.line);
    if (!expectHolds(before, request.expect))
      return { status: "conflict", responses: [], completed: 0, line: before };
    if (!request.confirmLast && leavesLineEmpty(request, before))
      return { status: "confirm-last", responses: [], completed: 0, line: before };
    const responses: string[] = [];
    let completed = 0;
    for (const step of stepsOf(request)) {
      const result = await this.#send(adapter, step);
      if (!result.ok) {
        const status =
          result.kind === "not-connected"
            ? "disconnected"
            : result.kind === "no-answer"
              ? "no-answer"
              : "refused";
        if (status === "refused") responses.push(result.error);
        return { status, responses, completed, error: result.error, line: this.#line(request) };
      }
      responses.push(result.message ?? "Success");
      if (!(await this.#shown(step)))
        return {
          status: "no-answer",
          responses,
          completed,
          error: "the switch accepted the action but did not report the change",
          line: this.#line(request),
        };
      completed += 1;
    }
    return { status: "done", responses, completed, line: this.#line(request) };
  }

  #line(request: CommandRequest) {
    return lineState(this.options.state(), request.line);
  }

  async #send(adapter: SwitchAdapter, step: CommandStep): Promise<CommandResult> {
    const ms = this.options.answerTimeoutMs ?? 6_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<CommandResult>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            kind: "no-answer",
            error: `the switch did not answer within ${ms} ms`,
          }),
        ms,
      );
    });
    try {
      return await Promise.race([adapter.command(toSwitchCommand(step)), late]);
    } catch (error) {
      return { ok: false, kind: "refused", error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves true once the live state shows the step, false after the confirmation timeout. */
  #shown(step: CommandStep): Promise<boolean> {
    const deadline = Date.now() + (this.options.confirmTimeoutMs ?? 5_000);
    return new Promise((resolve) => {
      const check = (): void => {
        if (stepShown(this.options.state(), step)) return resolve(true);
        if (Date.now() >= deadline) return resolve(false);
        setTimeout(check, POLL_MS);
      };
      check();
    });
  }
}

function toSwitchCommand(step: CommandStep): SwitchCommand {
  switch (step.type) {
    case "login":
    case "logout":
    case "resume":
      return { type: step.type, line: step.line, official: step.official };
    case "pause":
      return { type: "pause", line: step.line, official: step.official, reason: step.reason };
    case "penalty":
      return { ...step };
  }
}
