/**
 * The executor's own rules, with a scripted switch and a live state the test moves by hand: the
 * second confirmation for the last available official, add-then-remove that removes nobody when
 * the add is refused, and a no-answer when the switch's event never shows.
 */
import { describe, expect, it } from "vitest";
import { CommandExecutor } from "../../../../server/features/control/command-executor.ts";
import type {
  CommandResult,
  SwitchAdapter,
  SwitchCommand,
} from "../../../../server/switches/switch-adapter.ts";
import { commandRequestSchema } from "../../../../shared/control.ts";
import type { LiveState, Membership } from "../../../../shared/live-types.ts";

type Lines = Map<string, { waiting: Map<string, number>; members: Map<string, Membership> }>;

/** The parts of the live state the executor reads. */
function liveState(lines: Record<string, { waiting: number; members: string[] }>): LiveState {
  const map: Lines = new Map();
  for (const [id, line] of Object.entries(lines)) {
    map.set(id, {
      waiting: new Map(Array.from({ length: line.waiting }, (_, i) => [`c${i}`, 0])),
      members: new Map(line.members.map((m) => [m, member()])),
    });
  }
  // A partial state: the executor reads lines, officials and switchConnected only.
  return { lines: map, officials: new Map(), switchConnected: true } as unknown as LiveState;
}

const member = (): Membership => ({
  paused: false,
  reason: "",
  since: 0,
  known: true,
  spanFrom: 0,
});

/** A switch that obeys by changing `state`, or refuses what `refuse` names. */
function adapter(state: LiveState, refuse: (c: SwitchCommand) => string | null, show = true) {
  const sent: SwitchCommand[] = [];
  const fake: SwitchAdapter = {
    kind: "fake",
    start: async () => undefined,
    stop: async () => undefined,
    async command(command): Promise<CommandResult> {
      sent.push(command);
      const refusal = refuse(command);
      if (refusal) return { ok: false, error: refusal, kind: "refused" };
      const line = state.lines.get(command.line ?? "");
      if (show && command.type === "login") line?.members.set(command.official, member());
      if (show && command.type === "logout") line?.members.delete(command.official);
      return { ok: true, message: "Success" };
    },
  };
  return { fake, sent };
}

const request = (fields: Record<string, unknown>) =>
  commandRequestSchema.parse({ line: "kalat", official: "a", reason: "r", ...fields });

describe("the command executor", () => {
  it("asks again before taking the last available official off a line with callers waiting", async () => {
    const state = liveState({
      kalat: { waiting: 2, members: ["a"] },
      khaf: { waiting: 0, members: [] },
    });
    const { fake, sent } = adapter(state, () => null);
    const executor = new CommandExecutor({ state: () => state, adapter: () => fake });
    expect(await executor.execute(request({ action: "remove" }))).toMatchObject({
      status: "confirm-last",
      line: { waiting: 2, members: [{ official: "a" }] },
    });
    expect(sent).toEqual([]);
    expect(await executor.execute(request({ action: "remove", confirmLast: true }))).toMatchObject({
      status: "done",
    });
  });

  it("removes nobody when the add of a move is refused", async () => {
    const state = liveState({ kalat: { waiting: 0, members: ["a"] } });
    const { fake, sent } = adapter(state, (c) =>
      c.type === "login" ? "Unable to add interface to queue: No such queue" : null,
    );
    const executor = new CommandExecutor({ state: () => state, adapter: () => fake });
    expect(await executor.execute(request({ action: "move", toLine: "nowhere" }))).toMatchObject({
      status: "refused",
      completed: 0,
      error: "Unable to add interface to queue: No such queue",
      line: { members: [{ official: "a" }] },
    });
    expect(sent.map((c) => c.type)).toEqual(["login"]);
  });

  it("answers no-answer when the switch says Success and its event never shows", async () => {
    const state = liveState({ kalat: { waiting: 0, members: [] } });
    const { fake } = adapter(state, () => null, false);
    const executor = new CommandExecutor({
      state: () => state,
      adapter: () => fake,
      confirmTimeoutMs: 100,
    });
    expect(await executor.execute(request({ action: "add" }))).toMatchObject({
      status: "no-answer",
      responses: ["Success"],
      completed: 0,
    });
  });
});
