/**
 * Line control, the pure part: what a shift lead may ask (`POST /api/v1/commands`, docs/api.md),
 * the switch commands it becomes (a move is add-then-remove), what the live state must show for
 * each to count as done, and the checks made before anything reaches the switch (the membership
 * the request expects, the last available official of a line with callers waiting).
 */
import { z } from "zod";
import type { OfficialState } from "./events.ts";
import type { LiveState } from "./live-types.ts";

const id = z.string().trim().min(1).max(200);

export const COMMAND_ACTIONS = [
  "add",
  "remove",
  "move",
  "handover",
  "pause",
  "resume",
  "penalty",
] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

export const commandRequestSchema = z
  .object({
    action: z.enum(COMMAND_ACTIONS),
    line: id,
    official: id,
    /** move: the line the official goes to. */
    toLine: id.optional(),
    /** handover: the official who takes the line. */
    toOfficial: id.optional(),
    reason: z.string().trim().min(1).max(500),
    penalty: z.number().int().min(0).max(1000).optional(),
    /** The members of `line` the requester saw; when they differ now, nothing is done (409). */
    expect: z.array(id).max(500).optional(),
    /** Removing the last available official of a line with callers waiting needs this. */
    confirmLast: z.boolean().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const need = (field: "toLine" | "toOfficial" | "penalty", action: CommandAction) => {
      if (value.action === action && value[field] === undefined)
        ctx.addIssue({ code: "custom", path: [field], message: `${action} needs ${field}` });
    };
    need("toLine", "move");
    need("toOfficial", "handover");
    need("penalty", "penalty");
    if (value.action === "move" && value.toLine === value.line)
      ctx.addIssue({ code: "custom", path: ["toLine"], message: "toLine is the same line" });
    if (value.action === "handover" && value.toOfficial === value.official)
      ctx.addIssue({ code: "custom", path: ["toOfficial"], message: "the same official" });
  });

export type CommandRequest = z.output<typeof commandRequestSchema>;

/** One step on the switch, as the adapters' SwitchCommand spells it. */
export type CommandStep =
  | { type: "login"; line: string; official: string }
  | { type: "logout"; line: string; official: string }
  | { type: "pause"; line: string; official: string; reason: string }
  | { type: "resume"; line: string; official: string }
  | { type: "penalty"; line: string; official: string; penalty: number };

/** The steps in order; a move and a hand-over add first, so a failed add removes nobody. */
export function stepsOf(request: CommandRequest): CommandStep[] {
  const { line, official } = request;
  switch (request.action) {
    case "add":
      return [{ type: "login", line, official }];
    case "remove":
      return [{ type: "logout", line, official }];
    case "move":
      return [
        { type: "login", line: request.toLine ?? line, official },
        { type: "logout", line, official },
      ];
    case "handover":
      return [
        { type: "login", line, official: request.toOfficial ?? official },
        { type: "logout", line, official },
      ];
    case "pause":
      return [{ type: "pause", line, official, reason: request.reason }];
    case "resume":
      return [{ type: "resume", line, official }];
    case "penalty":
      return [{ type: "penalty", line, official, penalty: request.penalty ?? 0 }];
  }
}

/** The lines a request touches, sorted: the order their locks are taken in. */
export function linesOf(request: CommandRequest): string[] {
  return [...new Set([request.line, ...(request.toLine ? [request.toLine] : [])])].sort();
}

/**
 * Whether the live state shows the step done. A penalty leaves no trace in the live state: the
 * switch's Success is all there is.
 */
export function stepShown(state: LiveState, step: CommandStep): boolean {
  const member = state.lines.get(step.line)?.members.get(step.official);
  switch (step.type) {
    case "login":
      return member?.known === true;
    case "logout":
      return member === undefined;
    case "pause":
      return member?.paused === true;
    case "resume":
      return member !== undefined && !member.paused;
    case "penalty":
      return true;
  }
}

/** A line as the page and a 409 show it: its members and their states, and callers waiting. */
export interface LineState {
  id: string;
  waiting: number;
  members: Array<{ official: string; paused: boolean; reason: string; state: OfficialState }>;
}

export function lineState(state: LiveState, line: string): LineState {
  const live = state.lines.get(line);
  const members = [...(live?.members ?? new Map())]
    .map(([official, m]) => {
      const phone = state.officials.get(official)?.phone ?? "offline";
      const memberState: OfficialState = !m.known
        ? "unknown"
        : phone !== "available"
          ? phone
          : m.paused
            ? "paused"
            : "available";
      return { official, paused: m.paused, reason: m.reason, state: memberState };
    })
    .sort((a, b) => a.official.localeCompare(b.official));
  return { id: line, waiting: live?.waiting.size ?? 0, members };
}

/** True when `expect` is absent or names exactly the line's members now. */
export function expectHolds(line: LineState, expect: readonly string[] | undefined): boolean {
  if (!expect) return true;
  const now = new Set(line.members.map((m) => m.official));
  const wanted = new Set(expect);
  return now.size === wanted.size && [...now].every((official) => wanted.has(official));
}

/**
 * A request that would leave a line with callers waiting and no unpaused member: it takes the
 * official off `line` (remove, move) and nobody else there is taking calls. A hand-over adds the
 * successor first, so it never does.
 */
export function leavesLineEmpty(request: CommandRequest, line: LineState): boolean {
  if (request.action !== "remove" && request.action !== "move" && request.action !== "pause")
    return false;
  if (line.waiting === 0) return false;
  const others = line.members.filter((m) => m.official !== request.official && !m.paused);
  return others.length === 0 && line.members.some((m) => m.official === request.official);
}

/** The request that undoes a done one; null for what cannot be undone (a penalty: no old value). */
export function undoOf(request: CommandRequest, reason: string): CommandRequest | null {
  const base = { line: request.line, official: request.official, reason };
  switch (request.action) {
    case "add":
      return { ...base, action: "remove" };
    case "remove":
      return { ...base, action: "add" };
    case "move":
      return request.toLine
        ? { ...base, action: "move", line: request.toLine, toLine: request.line }
        : null;
    case "handover":
      return request.toOfficial
        ? {
            ...base,
            action: "handover",
            official: request.toOfficial,
            toOfficial: request.official,
          }
        : null;
    case "pause":
      return { ...base, action: "resume" };
    case "resume":
      return { ...base, action: "pause" };
    case "penalty":
      return null;
  }
}

/** How a command ended; each maps to one HTTP status (docs/api.md). */
export type CommandStatus =
  "done" | "conflict" | "confirm-last" | "refused" | "disconnected" | "no-answer";

export const STATUS_CODES: Record<CommandStatus, number> = {
  done: 200,
  conflict: 409,
  "confirm-last": 409,
  refused: 422,
  disconnected: 503,
  "no-answer": 504,
};

/** What the switch's owner answers for a command. */
export interface CommandOutcome {
  status: CommandStatus;
  /** The switch's own words, one per step sent (success texts and refusals alike). */
  responses: string[];
  /** Steps the switch did and the live state showed (a move whose remove failed: 1). */
  completed: number;
  /** The refusal or the reason, in the switch's words when it gave any. */
  error?: string;
  /** The line's state now: with a conflict, and after every command. */
  line?: LineState;
}

/** Who moved what from whom to whom, as the audit trail and the page say it. */
export function fromTo(request: CommandRequest): { from: string | null; to: string | null } {
  switch (request.action) {
    case "add":
      return { from: null, to: request.official };
    case "remove":
      return { from: request.official, to: null };
    case "move":
      return { from: request.line, to: request.toLine ?? null };
    case "handover":
      return { from: request.official, to: request.toOfficial ?? null };
    default:
      return { from: null, to: null };
  }
}

/**
 * A command's outcome as the requester's answer and every shift lead's screen see it
 * (`POST /api/v1/commands`, the socket's `control:result`).
 */
export interface ControlResult {
  status: CommandStatus;
  /** The audit trail's entry for this command. */
  auditId: number;
  action: CommandAction;
  /** The line's state after the command (or now, with a conflict). */
  line: LineState | null;
  request: CommandRequest;
  /** Who asked. */
  by: string | null;
  at: string;
  responses: string[];
  error: string | null;
  /** Set for an undo: the audit id of the command undone. */
  undoOf: number | null;
}
