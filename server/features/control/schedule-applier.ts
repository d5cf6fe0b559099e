/**
 * "Apply the published schedule automatically" (off by default, a switch on the admin page): on
 * the leader, each official is added to their line when their published session starts and
 * removed when it ends, each as a command audited under the system's name. An edge is acted on
 * only within `windowMs` after it, and only when the live state does not already show it, so a
 * restart or a new leader neither repeats one nor undoes what a shift lead changed since.
 */
import type { CommandRequest } from "../../../shared/control.ts";
import type { LiveState } from "../../../shared/live-types.ts";
import type { ScheduledSession } from "../../../shared/schedule.ts";
import type { AuditActor } from "../../access/audit-trail.ts";
import type { Logger } from "../../log.ts";
import type { SessionsSource } from "../../schedule/sessions-source.ts";
import type { CommandService } from "./command-service.ts";
import type { ControlSettings } from "./control-settings.ts";

export const SCHEDULE_ACTOR: AuditActor = {
  kind: "system",
  name: "samad-live (published schedule)",
};

export interface ScheduleApplierOptions {
  sessions: SessionsSource;
  settings: ControlSettings;
  commands: CommandService;
  state: () => LiveState;
  log: Logger;
  /** How long after a session's start or end it is still acted on. @default 120000 */
  windowMs?: number;
}

/** The commands the timetable calls for at `now` that the live state does not show yet. */
export function dueEdges(
  sessions: readonly ScheduledSession[],
  state: LiveState,
  now: number,
  windowMs: number,
): Array<{ request: CommandRequest; session: ScheduledSession }> {
  const member = (s: ScheduledSession) => state.lines.get(s.line)?.members.has(s.official) ?? false;
  const onNow = (s: ScheduledSession) =>
    sessions.some(
      (o) => o.official === s.official && o.line === s.line && o.start <= now && now < o.end,
    );
  const out: Array<{ request: CommandRequest; session: ScheduledSession }> = [];
  for (const session of sessions) {
    const base = { line: session.line, official: session.official };
    if (
      session.start <= now &&
      now < session.start + windowMs &&
      now < session.end &&
      !member(session)
    )
      out.push({
        session,
        request: { ...base, action: "add", reason: "published session starts" },
      });
    if (session.end <= now && now < session.end + windowMs && member(session) && !onNow(session))
      out.push({
        session,
        request: { ...base, action: "remove", reason: "published session ends" },
      });
  }
  return out;
}

export class ScheduleApplier {
  /** Edges already tried by this instance, so a refusal is not repeated every tick. */
  readonly #tried = new Set<string>();

  constructor(private readonly options: ScheduleApplierOptions) {}

  async apply(now: number): Promise<number> {
    if (!(await this.options.settings.read()).applySchedule) return 0;
    const windowMs = this.options.windowMs ?? 120_000;
    const sessions = await this.options.sessions.between(now - 86_400_000, now + 1);
    let ran = 0;
    for (const { request, session } of dueEdges(sessions, this.options.state(), now, windowMs)) {
      const key = `${request.action}:${session.official}:${session.line}:${session.start}`;
      if (this.#tried.has(key)) continue;
      this.#tried.add(key);
      const answer = await this.options.commands.runRequest(
        request,
        { actor: SCHEDULE_ACTOR, address: null },
        {
          session: {
            ...session,
            start: new Date(session.start).toISOString(),
            end: new Date(session.end).toISOString(),
          },
        },
      );
      ran += 1;
      this.options.log.info(
        { key, status: "status" in answer.body ? answer.body.status : answer.code },
        "published schedule applied",
      );
    }
    if (this.#tried.size > 10_000) this.#tried.clear();
    return ran;
  }
}
