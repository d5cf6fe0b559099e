/**
 * Membership events of AMI (QueueMember*) to official.* events. Static members are never
 * "added": the first QueueMemberStatus of a member we have not seen in a queue stands for its login.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import { seatOf } from "../membership.ts";
import { isTrue, phoneOf, type MapperContext } from "./context.ts";
import { header, type AmiMessage } from "./parser.ts";

/** A member as QueueStatus lists it, or as a QueueMember* event describes it. */
export interface MemberFacts {
  line: string;
  official: string;
  name: string | undefined;
  paused: boolean;
  reason: string;
  status: string | undefined;
}

export function memberFacts(ctx: MapperContext, message: AmiMessage): MemberFacts | null {
  const queue = header(message, "Queue");
  if (!queue) return null;
  const name = header(message, "MemberName") ?? header(message, "Name");
  return {
    line: ctx.line(queue),
    official: ctx.official(message),
    name: name || undefined,
    paused: isTrue(header(message, "Paused")),
    reason: header(message, "PausedReason") ?? header(message, "Reason") ?? "",
    status: header(message, "Status"),
  };
}

/** Events that bring what we know of one member in line with the facts. */
export function reconcileMember(
  ctx: MapperContext,
  facts: MemberFacts,
  at: number,
): SwitchEventInput[] {
  const out: SwitchEventInput[] = [];
  const { line, official } = facts;
  const known = ctx.memberships.get(line, official);
  if (!known) {
    out.push({
      id: ctx.nextId(),
      v: 1,
      at,
      source: ctx.source,
      type: "official.logged-in",
      line,
      official,
      ...(facts.name ? { name: facts.name } : {}),
      paused: facts.paused,
      ...(facts.paused && facts.reason ? { reason: facts.reason } : {}),
    });
  } else if (known.paused !== facts.paused || (facts.paused && known.reason !== facts.reason)) {
    out.push(
      facts.paused
        ? {
            id: ctx.nextId(),
            v: 1,
            at,
            source: ctx.source,
            type: "official.paused",
            line,
            official,
            reason: facts.reason,
          }
        : {
            id: ctx.nextId(),
            v: 1,
            at,
            source: ctx.source,
            type: "official.resumed",
            line,
            official,
          },
    );
  }
  ctx.removed.delete(seatOf(line, official));
  ctx.memberships.set(line, official, {
    paused: facts.paused,
    reason: facts.paused ? facts.reason : "",
  });
  out.push(...phoneEvents(ctx, line, official, facts.status, at));
  return out;
}

export function phoneEvents(
  ctx: MapperContext,
  line: string,
  official: string,
  status: string | undefined,
  at: number,
): SwitchEventInput[] {
  const phone = phoneOf(status);
  if (!phone || ctx.phones.get(official) === phone) return [];
  ctx.phones.set(official, phone);
  return [
    {
      id: ctx.nextId(),
      v: 1,
      at,
      source: ctx.source,
      type: "official.state",
      line,
      official,
      state: phone,
    },
  ];
}

export function loggedOut(
  ctx: MapperContext,
  line: string,
  official: string,
  at: number,
): SwitchEventInput[] {
  ctx.removed.add(seatOf(line, official));
  if (!ctx.memberships.remove(line, official)) return [];
  if (!ctx.memberships.anywhere(official)) ctx.phones.delete(official);
  return [
    { id: ctx.nextId(), v: 1, at, source: ctx.source, type: "official.logged-out", line, official },
  ];
}

/** QueueMember* events; null when the message is not one. */
export function mapMemberEvent(
  ctx: MapperContext,
  event: string,
  message: AmiMessage,
  at: number,
): SwitchEventInput[] | null {
  switch (event) {
    case "QueueMemberAdded":
    case "QueueMemberStatus":
    case "QueueMemberPause":
    case "QueueMemberPenalty":
    case "QueueMemberRinginuse": {
      const facts = memberFacts(ctx, message);
      if (!facts) return ctx.invalid(`${event} without Queue`);
      if (event === "QueueMemberPenalty" || event === "QueueMemberRinginuse") {
        // Penalty and ringinuse are not on the wall; only a first sighting matters.
        const known = ctx.memberships.get(facts.line, facts.official);
        if (known) return [];
      }
      return reconcileMember(ctx, facts, at);
    }
    case "QueueMemberRemoved": {
      const facts = memberFacts(ctx, message);
      if (!facts) return ctx.invalid(`${event} without Queue`);
      return loggedOut(ctx, facts.line, facts.official, at);
    }
    default:
      return null;
  }
}
