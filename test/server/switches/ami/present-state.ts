/**
 * What a real Asterisk would list for QueueStatus at a point of a recording, worked out from the
 * recording's events by a model independent of the adapter's mapper.
 */
import { AmiParser, header, type AmiMessage } from "../../../../server/switches/ami/parser.ts";

export interface PresentState {
  /** QueueStatus list items, without their ActionID line and final empty line. */
  items: string[];
  /** Switch time of the last event, ms. */
  now: number;
}

const h = (m: AmiMessage, name: string): string => header(m, name) ?? "";

export function presentState(stream: Buffer): PresentState {
  const members = new Map<string, AmiMessage>();
  const entries = new Map<string, { m: AmiMessage; at: number }>();
  let now = 0;
  for (const item of new AmiParser().push(stream)) {
    if (item.kind !== "message") continue;
    const m = item.message;
    const ts = Number(header(m, "Timestamp"));
    if (Number.isFinite(ts) && ts > 0) now = ts * 1000;
    const event = h(m, "Event");
    const memberKey = `${h(m, "Queue")}|${h(m, "Interface")}`;
    if (event === "QueueMemberRemoved") members.delete(memberKey);
    else if (event.startsWith("QueueMember")) members.set(memberKey, m);
    else if (event === "QueueCallerJoin") entries.set(h(m, "Uniqueid"), { m, at: now });
    else if (event === "QueueCallerLeave") entries.delete(h(m, "Uniqueid"));
  }
  const items: string[] = [];
  for (const m of members.values()) {
    items.push(
      `Event: QueueMember\r\nQueue: ${h(m, "Queue")}\r\nName: ${h(m, "MemberName")}\r\nLocation: ${h(m, "Interface")}\r\n` +
        `StateInterface: ${h(m, "StateInterface")}\r\nMembership: ${h(m, "Membership")}\r\nPenalty: ${h(m, "Penalty")}\r\n` +
        `Status: ${h(m, "Status")}\r\nPaused: ${h(m, "Paused")}\r\nPausedReason: ${h(m, "PausedReason")}\r\n`,
    );
  }
  let position = 0;
  for (const [uniqueid, { m, at }] of entries) {
    position += 1;
    items.push(
      `Event: QueueEntry\r\nQueue: ${h(m, "Queue")}\r\nPosition: ${position}\r\nChannel: ${h(m, "Channel")}\r\n` +
        `Uniqueid: ${uniqueid}\r\nCallerIDNum: ${h(m, "CallerIDNum")}\r\nCallerIDName: unknown\r\n` +
        `Wait: ${Math.floor((now - at) / 1000)}\r\n`,
    );
  }
  return { items, now };
}

/** The boundary of the first message that ends at or after `fraction` of the stream. */
export function boundaryAt(stream: Buffer, fraction: number): number {
  return stream.indexOf("\r\n\r\n", Math.floor(stream.length * fraction)) + 4;
}
