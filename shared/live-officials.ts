/**
 * How events change officials: membership of lines, pauses, and the phone's state. Part of the
 * live-state reducer (live-state.ts); deterministic and free of I/O like the rest of it.
 */
import type { LineEvent, PhoneState } from "./events.ts";
import { accountOfficial, endPresenceSpan } from "./live-intervals.ts";
import type { LineLive, LiveState, Membership, OfficialLive } from "./live-types.ts";

export function officialOf(state: LiveState, id: string, at: number, name?: string): OfficialLive {
  let official = state.officials.get(id);
  if (!official) {
    official = {
      id,
      name: name ?? id,
      known: false,
      phone: "available",
      phoneSince: at,
      callLine: null,
      answered: 0,
      talkSec: 0,
      accountedAt: at,
    };
    state.officials.set(id, official);
    state.unknownOfficials += 1;
  }
  return official;
}

export function setPhone(
  official: OfficialLive,
  phone: PhoneState,
  at: number,
  line: string | null,
): void {
  if (official.phone !== phone) official.phoneSince = at;
  official.phone = phone;
  official.callLine = phone === "ringing" || phone === "on-call" ? line : null;
}

export type MemberEvent = Extract<
  LineEvent,
  {
    type: "official.logged-in" | "official.logged-out" | "official.paused" | "official.resumed";
  }
>;

export function applyMemberEvent(
  state: LiveState,
  line: LineLive,
  event: MemberEvent | Extract<LineEvent, { type: "official.state" }>,
): void {
  const official = officialOf(
    state,
    event.official,
    event.at,
    event.type === "official.logged-in" ? event.name : undefined,
  );
  switch (event.type) {
    case "official.logged-in": {
      // A resync repeats what is already known: the membership keeps its time and its span.
      const known = line.members.get(event.official);
      const same = known?.known === true && known.paused === event.paused;
      if (known && !same) endPresenceSpan(state, event.official, line.id, known, event.at);
      line.members.set(event.official, {
        paused: event.paused,
        reason: event.reason ?? "",
        since: same ? known.since : event.at,
        known: true,
        spanFrom: same ? known.spanFrom : event.at,
      });
      joinIndex(state, event.official, line.id);
      if (official.phone === "offline") setPhone(official, "available", event.at, null);
      return;
    }
    case "official.logged-out": {
      const member = line.members.get(event.official);
      if (member) endPresenceSpan(state, event.official, line.id, member, event.at);
      line.members.delete(event.official);
      state.memberOf.get(event.official)?.delete(line.id);
      if (membershipsOf(state, event.official).length === 0) {
        setPhone(official, "offline", event.at, null);
      }
      return;
    }
    case "official.paused":
    case "official.resumed": {
      const member = line.members.get(event.official) ?? {
        paused: false,
        reason: "",
        since: 0,
        known: true,
        spanFrom: event.at,
      };
      const paused = event.type === "official.paused";
      if (member.paused !== paused || !member.known) {
        endPresenceSpan(state, event.official, line.id, member, event.at);
        member.spanFrom = event.at;
      }
      member.paused = paused;
      member.reason = event.type === "official.paused" ? event.reason : "";
      member.since = event.at;
      member.known = true;
      line.members.set(event.official, member);
      joinIndex(state, event.official, line.id);
      return;
    }
    case "official.state":
      setPhone(official, event.state, event.at, official.callLine ?? line.id);
      return;
  }
}

/** The lines an official is a member of now, with the membership on each. */
export function membershipsOf(
  state: LiveState,
  officialId: string,
): { line: LineLive; member: Membership }[] {
  const found: { line: LineLive; member: Membership }[] = [];
  for (const line of state.lines.values()) {
    const member = line.members.get(officialId);
    if (member) found.push({ line, member });
  }
  return found;
}

/**
 * The switch restarted: what it held in memory may be gone without a word, so every membership
 * is unknown until the switch reports it again, and no phone is trusted to be ringing or talking.
 */
export function forgetMemberships(state: LiveState, at: number): void {
  for (const official of state.officials.values()) accountOfficial(state, official, at);
  for (const line of state.lines.values()) {
    for (const [official, member] of line.members) {
      endPresenceSpan(state, official, line.id, member, at);
      member.known = false;
      member.paused = false;
      member.reason = "";
      member.since = at;
    }
  }
  for (const official of state.officials.values()) {
    if (official.phone !== "offline") setPhone(official, "available", at, null);
  }
}

function joinIndex(state: LiveState, official: string, line: string): void {
  let lines = state.memberOf.get(official);
  if (!lines) {
    lines = new Set();
    state.memberOf.set(official, lines);
  }
  lines.add(line);
}
