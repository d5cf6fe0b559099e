/** Line control's pure rules: the steps of each action, the checks before the switch, undo. */
import { describe, expect, it } from "vitest";
import {
  commandRequestSchema,
  expectHolds,
  leavesLineEmpty,
  stepsOf,
  undoOf,
  type CommandRequest,
  type LineState,
} from "../../shared/control.ts";

const request = (fields: Partial<CommandRequest>): CommandRequest =>
  commandRequestSchema.parse({
    line: "kalat",
    official: "a",
    reason: "r",
    action: "remove",
    ...fields,
  });

const line = (waiting: number, members: Array<[string, boolean]>): LineState => ({
  id: "kalat",
  waiting,
  members: members.map(([official, paused]) => ({
    official,
    paused,
    reason: "",
    state: paused ? "paused" : "available",
  })),
});

describe("line control rules", () => {
  it("adds before it removes, so a failed add removes nobody", () => {
    expect(
      stepsOf(request({ action: "move", toLine: "khaf" })).map((s) => [s.type, s.line]),
    ).toEqual([
      ["login", "khaf"],
      ["logout", "kalat"],
    ]);
    expect(
      stepsOf(request({ action: "handover", toOfficial: "b" })).map((s) => [s.type, s.official]),
    ).toEqual([
      ["login", "b"],
      ["logout", "a"],
    ]);
  });

  it("asks for a second confirmation only when the last one taking calls leaves callers waiting", () => {
    expect(leavesLineEmpty(request({}), line(2, [["a", false]]))).toBe(true);
    expect(
      leavesLineEmpty(
        request({}),
        line(2, [
          ["a", false],
          ["b", true],
        ]),
      ),
    ).toBe(true);
    expect(leavesLineEmpty(request({ action: "pause" }), line(1, [["a", false]]))).toBe(true);
    expect(leavesLineEmpty(request({}), line(0, [["a", false]]))).toBe(false);
    expect(
      leavesLineEmpty(
        request({}),
        line(2, [
          ["a", false],
          ["b", false],
        ]),
      ),
    ).toBe(false);
    expect(
      leavesLineEmpty(request({ action: "handover", toOfficial: "b" }), line(2, [["a", false]])),
    ).toBe(false);
  });

  it("holds an expectation only when it names exactly the members now", () => {
    const now = line(0, [
      ["a", false],
      ["b", true],
    ]);
    expect(expectHolds(now, undefined)).toBe(true);
    expect(expectHolds(now, ["b", "a"])).toBe(true);
    expect(expectHolds(now, ["a"])).toBe(false);
    expect(expectHolds(now, ["a", "b", "c"])).toBe(false);
  });

  it("undoes each action by its inverse, and not a penalty, whose old value is unknown", () => {
    expect(undoOf(request({ action: "move", toLine: "khaf" }), "oops")).toEqual({
      action: "move",
      line: "khaf",
      toLine: "kalat",
      official: "a",
      reason: "oops",
    });
    expect(undoOf(request({ action: "handover", toOfficial: "b" }), "x")).toMatchObject({
      official: "b",
      toOfficial: "a",
    });
    expect(undoOf(request({ action: "pause" }), "x")?.action).toBe("resume");
    expect(undoOf(request({ action: "penalty", penalty: 2 }), "x")).toBeNull();
  });

  it("refuses a request that lacks what its action needs", () => {
    const base = { line: "kalat", official: "a", reason: "r" };
    expect(commandRequestSchema.safeParse({ ...base, action: "penalty" }).success).toBe(false);
    expect(
      commandRequestSchema.safeParse({ ...base, action: "move", toLine: "kalat" }).success,
    ).toBe(false);
    expect(commandRequestSchema.safeParse({ ...base, action: "add", reason: " " }).success).toBe(
      false,
    );
    expect(commandRequestSchema.safeParse({ ...base, action: "add", extra: 1 }).success).toBe(
      false,
    );
  });
});
