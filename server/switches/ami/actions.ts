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
      // As Asterisk's own tools send it: without StateInterface a member added here would show
      // available while its phone is on another call.
      const name = memberName(command.official);
      return {
        ok: true,
        fields: [
          ["Action", "QueueAdd"],
          ...queue,
          ["Interface", iface],
          ["Penalty", "0"],
          ["Paused", command.paused ? "true" : "false"],
          ...(name ? [["MemberName", name] as const] : []),
          ["StateInterface", map.stateInterfaceOf(command.official) ?? iface],
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
