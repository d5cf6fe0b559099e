/** Shift leads' commands as AMI queue actions (QueueAdd, QueueRemove, QueuePause, QueuePenalty). */
import type { SwitchMap } from "../switch-map.ts";
import type { SwitchCommand } from "../switch-adapter.ts";

export type ActionFields = ReadonlyArray<readonly [string, string]>;

export function actionFor(
  command: SwitchCommand,
  map: SwitchMap,
  /** The name a new member gets on the switch (queue show, queue_log), e.g. the Persian name. */
  memberName: (official: string) => string | undefined = () => undefined,
): { ok: true; fields: ActionFields } | { ok: false; error: string } {
  const iface = map.interfaceOf(command.official);
  if (!iface)
    return { ok: false, error: `no switch interface known for official ${command.official}` };
  const queue =
    "line" in command && command.line !== undefined
      ? [["Queue", map.queue(command.line)] as const]
      : [];
  switch (command.type) {
    case "login": {
      const name = memberName(command.official);
      return {
        ok: true,
        fields: [
          ["Action", "QueueAdd"],
          ...queue,
          ["Interface", iface],
          ["Paused", command.paused ? "true" : "false"],
          ...(name ? [["MemberName", name] as const] : []),
          ...(command.paused && command.reason ? [["Reason", command.reason] as const] : []),
        ],
      };
    }
    case "logout":
      return { ok: true, fields: [["Action", "QueueRemove"], ...queue, ["Interface", iface]] };
    case "pause":
    case "resume":
      return {
        ok: true,
        fields: [
          ["Action", "QueuePause"],
          ["Interface", iface],
          ["Paused", command.type === "pause" ? "true" : "false"],
          ...queue,
          ...(command.type === "pause" && command.reason
            ? [["Reason", command.reason] as const]
            : []),
        ],
      };
    case "penalty":
      return {
        ok: true,
        fields: [
          ["Action", "QueuePenalty"],
          ["Interface", iface],
          ["Penalty", String(command.penalty)],
          ...queue,
        ],
      };
  }
}
