/**
 * Line control's parts as server/app.ts assembles them: the bus to the switch's owner (Redis when
 * several instances share one, in-process otherwise) and the leader's runner of scheduled
 * changes and of the published schedule.
 */
import type { LiveState } from "../../../shared/live-types.ts";
import type { Reference } from "../../../shared/reference.ts";
import { LocalCommandBus, RedisCommandBus, type CommandBus } from "../../cluster/command-bus.ts";
import type { Logger } from "../../log.ts";
import { ReferenceSessions, type SessionsSource } from "../../schedule/sessions-source.ts";
import type { SwitchAdapter } from "../../switches/switch-adapter.ts";
import { CommandExecutor, type CommandExecutorOptions } from "./command-executor.ts";
import type { CommandService } from "./command-service.ts";
import type { ControlSettings } from "./control-settings.ts";
import { ScheduleApplier } from "./schedule-applier.ts";
import { ScheduleRunner } from "./schedule-runner.ts";
import type { ScheduledChanges } from "./scheduled-changes.ts";

/** Timings of line control (tests shorten them). */
export type ControlTimings = Pick<
  CommandExecutorOptions,
  "answerTimeoutMs" | "confirmTimeoutMs"
> & {
  /** How often the leader looks for scheduled changes that are due. @default 1000 */
  scheduleEveryMs?: number;
};

export function commandBus(options: {
  timings?: ControlTimings;
  state: () => LiveState;
  adapter: () => SwitchAdapter | null;
  isLeader: () => boolean;
  cluster?: { redisUrl: string; prefix: string };
  log: Logger;
}): Promise<CommandBus> {
  const executor = new CommandExecutor({
    answerTimeoutMs: options.timings?.answerTimeoutMs,
    confirmTimeoutMs: options.timings?.confirmTimeoutMs,
    state: options.state,
    adapter: options.adapter,
  });
  if (!options.cluster) return Promise.resolve(new LocalCommandBus(executor));
  return RedisCommandBus.connect({
    url: options.cluster.redisUrl,
    prefix: options.cluster.prefix,
    log: options.log.child({ tag: "command-bus" }),
    runner: executor,
    isLeader: options.isLeader,
  });
}

export function scheduleRunner(options: {
  changes: ScheduledChanges;
  settings: ControlSettings;
  commands: CommandService;
  sessions?: SessionsSource;
  reference: Reference;
  state: () => LiveState;
  isLeader: () => boolean;
  timings?: ControlTimings;
  log: Logger;
}): ScheduleRunner {
  const log = options.log.child({ tag: "schedule" });
  return new ScheduleRunner({
    changes: options.changes,
    commands: options.commands,
    isLeader: options.isLeader,
    log,
    everyMs: options.timings?.scheduleEveryMs,
    applier: new ScheduleApplier({
      sessions: options.sessions ?? new ReferenceSessions(options.reference),
      settings: options.settings,
      commands: options.commands,
      state: options.state,
      log,
    }),
  });
}
