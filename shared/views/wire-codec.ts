/**
 * Deltas on the wire: the server encodes each `Delta` once at its edge, the client decodes it at
 * its own edge against the snapshot it applies to, and both sides keep working with `Delta` and
 * `Snapshot`. A frame is `[WIRE_VERSION, seq, epoch, at, body]`; in the body each patch is a bit
 * mask over the field table (wire-fields.ts) with its values, each line, county or official the
 * client already holds is named by its position in the snapshot's list, and values are exact
 * (wire-values.ts). Snapshots stay plain JSON: they give the positions. Decoding is in
 * wire-decode.ts. docs/api.md documents it.
 */
import { intervalView, type IntervalView } from "../intervals.ts";
import { sameValue } from "./delta.ts";
import type { Delta, Snapshot } from "./types.ts";
import {
  COUNTY_FIELDS,
  FIGURE_FIELDS,
  LINE_FIELDS,
  OFFICIAL_FIELDS,
  WIRE_VERSION,
  type WireField,
} from "./wire-fields.ts";
import { encodeNumber, encodeTime } from "./wire-values.ts";

export { WIRE_VERSION } from "./wire-fields.ts";
export { WireError } from "./wire-values.ts";

/** What goes over the socket for one delta. */
export type DeltaFrame = [
  version: number,
  seq: number,
  epoch: string,
  at: number | string,
  body: Record<string, unknown>,
];

/** Where each id sits in a snapshot's lists: positions of one epoch, as every client holds them. */
export interface WirePositions {
  epoch: string;
  lines: ReadonlyMap<string, number>;
  counties: ReadonlyMap<string, number>;
  officials: ReadonlyMap<string, number>;
}

const indexOf = (list: readonly { id: string }[]) => new Map(list.map((item, i) => [item.id, i]));

export function positionsOf(snapshot: Snapshot): WirePositions {
  return {
    epoch: snapshot.epoch,
    lines: indexOf(snapshot.lines),
    counties: indexOf(snapshot.counties),
    officials: indexOf(snapshot.officials),
  };
}

export type Entry = Record<string, unknown>;
/** The body's lists: its key in a frame, in a delta, and the fields of their entries. */
export const LISTS = [
  { body: "l", key: "lines", fields: LINE_FIELDS },
  { body: "c", key: "counties", fields: COUNTY_FIELDS },
  { body: "o", key: "officials", fields: OFFICIAL_FIELDS },
] as const;

interface EncodeContext {
  at: number;
  positions: WirePositions | null;
  /** Set when an entry had to be named by its id: the positions miss something. */
  byId: boolean;
}

/**
 * The frame of a delta. `positions` are those of the lists every client of this delta holds
 * before it (lists only grow at their end within an epoch); an id they miss, or all of them when
 * they are another epoch's, goes as the id itself. `byId` says whether that happened.
 */
export function encodeDelta(
  delta: Delta,
  positions: WirePositions | null = null,
): { frame: DeltaFrame; byId: boolean } {
  const at = Date.parse(delta.at);
  const ctx: EncodeContext = {
    at: Number.isFinite(at) ? at : 0,
    positions: positions?.epoch === delta.epoch ? positions : null,
    byId: false,
  };
  const body: Record<string, unknown> = {};
  for (const list of LISTS) {
    const patches = delta[list.key] as Entry[] | undefined;
    if (!patches) continue;
    body[list.body] = patches.map((patch) => {
      const position = ctx.positions?.[list.key].get(patch.id as string);
      if (position === undefined) ctx.byId = true;
      return [position ?? patch.id, ...encodeFields(patch, list.fields, ctx)];
    });
  }
  if (delta.province) body.p = encodeFields(delta.province as Entry, FIGURE_FIELDS, ctx);
  if (delta.intervals) body.i = delta.intervals.map((i) => encodeInterval(i, ctx.at));
  if (delta.intervalsLastWeek !== undefined)
    body.w = delta.intervalsLastWeek?.map((i) => encodeInterval(i, ctx.at)) ?? null;
  if (delta.switch) {
    const s = delta.switch;
    body.s = [s.connected, s.detail, encodeTime(s.lastEventAt, ctx.at)];
  }
  if (delta.alerts) body.a = delta.alerts;
  if (delta.stale !== undefined) body.t = delta.stale;
  if (delta.dayStart !== undefined) body.d = delta.dayStart;
  const time = encodeTime(delta.at, 0) ?? delta.at;
  return { frame: [WIRE_VERSION, delta.seq, delta.epoch, time, body], byId: ctx.byId };
}

/** Each table's coded names (`key`, or `key.sub`) and the keys of its nested objects. */
const codes = new WeakMap<readonly WireField[], { names: Set<string>; nested: Set<string> }>();
function codesOf(fields: readonly WireField[]) {
  let found = codes.get(fields);
  if (!found) {
    const names = new Set(fields.map((f) => (f.sub ? `${f.key}.${f.sub}` : f.key)));
    const nested = new Set(fields.flatMap((f) => (f.sub ? [f.key] : [])));
    codes.set(fields, (found = { names, nested }));
  }
  return found;
}

/** `[mask, ...values]`; a field the table has no code for is a bug here, never silently lost. */
function encodeFields(patch: Entry, fields: readonly WireField[], ctx: EncodeContext): unknown[] {
  let mask = 0;
  const values: unknown[] = [];
  const { names, nested } = codesOf(fields);
  for (const key in patch) {
    if (key === "id") continue;
    if (!nested.has(key)) {
      if (!names.has(key)) throw new Error(`no wire code for the field ${key}`);
      continue;
    }
    for (const sub in patch[key] as Entry) {
      if (!names.has(`${key}.${sub}`)) throw new Error(`no wire code for the field ${key}.${sub}`);
    }
  }
  for (let bit = 0; bit < fields.length; bit += 1) {
    const field = fields[bit]!;
    const holder = field.sub ? (patch[field.key] as Entry | undefined) : patch;
    const value = holder?.[field.sub ?? field.key];
    if (value === undefined) continue;
    mask += 2 ** bit;
    values.push(encodeValue(field, value, ctx));
  }
  return [mask, ...values];
}

function encodeValue(field: WireField, value: unknown, ctx: EncodeContext): unknown {
  switch (field.kind) {
    case "number":
      return encodeNumber(value as number | null);
    case "time":
      return encodeTime(value as string | null, ctx.at);
    case "line":
      return value === null ? null : lineRef(value as string, ctx);
    case "lines": {
      const refs: (string | number)[] = [];
      for (const id of value as string[]) refs.push(lineRef(id, ctx));
      return refs;
    }
    default:
      return value;
  }
}

function lineRef(id: string, ctx: EncodeContext): string | number {
  return ctx.positions?.lines.get(id) ?? id;
}

/** An interval whose rates follow from its counts goes as its start and counts only. */
function encodeInterval(interval: IntervalView, at: number): unknown {
  const start = Date.parse(interval.start);
  const { offered, answered, abandoned, shortAbandoned, timedOut, leftUnanswered } = interval;
  const counts = { offered, answered, abandoned, shortAbandoned, timedOut, leftUnanswered };
  if (!sameValue(intervalView(counts, start), interval)) return interval;
  return [start - at, offered, answered, abandoned, shortAbandoned, timedOut, leftUnanswered];
}
