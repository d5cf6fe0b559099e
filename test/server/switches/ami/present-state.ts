/**
 * What a real Asterisk would list for QueueStatus at a point of a recording, worked out from the
 * recording's events by a model independent of the adapter's mapper: members (with InCall and
 * LastCall), waiting callers, and each queue's QueueParams counters (Completed counts only while
 * the member is in some queue, as with shared_lastcall; Abandoned counts every
 * QueueCallerAbandon, queue timeouts included).
 */
import { AmiParser, header, type AmiMessage } from "../../../../server/switches/ami/parser.ts";

export interface QueueCounters {
  completed: number;
  abandoned: number;
  completedInSl: number;
  abandonedInSl: number;
}

export interface PresentState {
  /** QueueStatus list items, without their ActionID line and final empty line. */
  items: string[];
  /** Switch time of the last event, ms. */
  now: number;
  /** Each queue's counters, as QueueParams would say them. */
  params: Map<string, QueueCounters>;
}

const h = (m: AmiMessage, name: string): string => header(m, name) ?? "";
/** The queues' `servicelevel` in the recordings' queues.conf. */
const SERVICE_LEVEL_SEC = 20;

const emptyCounters = (): QueueCounters => ({
  completed: 0,
  abandoned: 0,
  completedInSl: 0,
  abandonedInSl: 0,
});

/** Asterisk's `%2.1f` of a share, 0.0 when there is nothing to share. */
const percent = (part: number, whole: number): string =>
  (whole > 0 ? (100 * part) / whole : 0).toFixed(1);

export function presentState(stream: Buffer, queues: readonly string[] = []): PresentState {
  const members = new Map<string, AmiMessage>();
  const entries = new Map<string, { m: AmiMessage; at: number }>();
  const queuesOf = new Map<string, Set<string>>();
  /** Members in a call: its queue, its wait, and whether the switch has counted it yet. */
  const inCall = new Map<string, { queue: string; inSl: number; counted: boolean }>();
  const lastCall = new Map<string, number>();
  const params = new Map<string, QueueCounters>(queues.map((q) => [q, emptyCounters()]));
  const countersOf = (queue: string): QueueCounters => {
    const c = params.get(queue) ?? emptyCounters();
    params.set(queue, c);
    return c;
  };
  let now = 0;
  for (const item of new AmiParser().push(stream)) {
    if (item.kind !== "message") continue;
    const m = item.message;
    const ts = Number(header(m, "Timestamp"));
    if (Number.isFinite(ts) && ts > 0) now = ts * 1000;
    const event = h(m, "Event");
    const iface = h(m, "Interface");
    const memberKey = `${h(m, "Queue")}|${iface}`;
    const inSl = Number(h(m, "HoldTime")) <= SERVICE_LEVEL_SEC ? 1 : 0;
    if (event.startsWith("QueueMember")) {
      const lines = queuesOf.get(iface) ?? new Set<string>();
      if (event === "QueueMemberRemoved") {
        members.delete(memberKey);
        lines.delete(h(m, "Queue"));
      } else {
        members.set(memberKey, m);
        lines.add(h(m, "Queue"));
      }
      queuesOf.set(iface, lines);
      const last = Number(h(m, "LastCall"));
      if (last > (lastCall.get(iface) ?? 0)) {
        lastCall.set(iface, last);
        // Asterisk counts a completion as it updates the member's LastCall, which it reports
        // before sending AgentComplete: from then on its counters include the call.
        const call = inCall.get(iface);
        if (call && !call.counted) {
          call.counted = true;
          const c = countersOf(call.queue);
          c.completed += 1;
          c.completedInSl += call.inSl;
        }
      }
    } else if (event === "QueueCallerJoin") entries.set(h(m, "Uniqueid"), { m, at: now });
    else if (event === "QueueCallerLeave") entries.delete(h(m, "Uniqueid"));
    else if (event === "AgentConnect") {
      inCall.set(iface, { queue: h(m, "Queue"), inSl, counted: false });
    } else if (event === "AgentComplete") {
      const call = inCall.get(iface);
      inCall.delete(iface);
      if (!call?.counted && queuesOf.get(iface)?.size) {
        const c = countersOf(h(m, "Queue"));
        c.completed += 1;
        c.completedInSl += inSl;
        lastCall.set(iface, Math.max(lastCall.get(iface) ?? 0, Math.floor(now / 1000)));
      }
    } else if (event === "QueueCallerAbandon") {
      const c = countersOf(h(m, "Queue"));
      c.abandoned += 1;
      c.abandonedInSl += inSl;
    }
  }
  const items: string[] = [];
  for (const [queue, c] of params) {
    items.push(
      `Event: QueueParams\r\nQueue: ${queue}\r\nMax: 0\r\nStrategy: ringall\r\nCalls: 0\r\n` +
        `Holdtime: 3\r\nTalkTime: 15\r\nCompleted: ${c.completed}\r\nAbandoned: ${c.abandoned}\r\n` +
        `ServiceLevel: ${SERVICE_LEVEL_SEC}\r\nServicelevelPerf: ${percent(c.completedInSl, c.completed)}\r\n` +
        `ServicelevelPerf2: ${percent(c.completedInSl + c.abandonedInSl, c.completed + c.abandoned)}\r\n` +
        `Weight: 0\r\n`,
    );
  }
  for (const m of members.values()) {
    const iface = h(m, "Interface");
    items.push(
      `Event: QueueMember\r\nQueue: ${h(m, "Queue")}\r\nName: ${h(m, "MemberName")}\r\nLocation: ${iface}\r\n` +
        `StateInterface: ${h(m, "StateInterface")}\r\nMembership: ${h(m, "Membership")}\r\nPenalty: ${h(m, "Penalty")}\r\n` +
        `LastCall: ${lastCall.get(iface) ?? 0}\r\nInCall: ${inCall.get(iface)?.counted === false ? 1 : 0}\r\n` +
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
  return { items, now, params };
}

/** The boundary of the first message that ends at or after `fraction` of the stream. */
export function boundaryAt(stream: Buffer, fraction: number): number {
  return stream.indexOf("\r\n\r\n", Math.floor(stream.length * fraction)) + 4;
}
