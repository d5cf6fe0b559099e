/**
 * Deltas on the wire: the server encodes each `Delta` once at its edge, the client decodes it at
 * its own edge against the snapshot it applies to, and both sides keep working with `Delta` and
 * `Snapshot`. A frame is `[WIRE_VERSION, seq, epoch, at, body]`; in the body each patch is a bit
 * mask over the field table (wire-fields.ts) with its values, each line, county or official the
 * client already holds is named by its position in the snapshot's list, and values are exact
 * (wire-values.ts). Snapshots stay plain JSON: they give the positions. docs/api.md documents it.
 */
import { intervalView, type IntervalView } from "../intervals.ts";
import type { SwitchHealth } from "../view-types.ts";
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
import { decodeNumber, decodeTime, encodeNumber, encodeTime, WireError } from "./wire-values.ts";

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

type Entry = Record<string, unknown>;
const LISTS = [
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

/** Version, seq and epoch of a frame, read without decoding the rest. */
export function frameHeader(frame: unknown): { seq: number; epoch: string } {
  if (!Array.isArray(frame) || frame.length !== 5) throw new WireError("not a delta frame");
  const [version, seq, epoch] = frame as unknown[];
  if (version !== WIRE_VERSION) {
    throw new WireError(
      `delta frame of wire version ${String(version)}; this page reads version ${WIRE_VERSION}: reload it`,
    );
  }
  if (!Number.isSafeInteger(seq) || typeof epoch !== "string")
    throw new WireError("delta frame without a valid seq and epoch");
  return { seq: seq as number, epoch };
}

const BODY_KEYS = new Set(["l", "c", "o", "p", "i", "w", "s", "a", "t", "d"]);

/**
 * The delta a frame carries, given the snapshot it applies to (the one with `seq - 1`, whose
 * lists the positions refer to). Throws WireError on anything malformed.
 */
export function decodeDelta(frame: unknown, base: Snapshot): Delta {
  const { seq, epoch } = frameHeader(frame);
  const [, , , time, body] = frame as DeltaFrame;
  const at = decodeTime(time, 0, "at");
  if (at === null || !Number.isFinite(Date.parse(at))) throw new WireError("at: not a time");
  if (!isRecord(body)) throw new WireError("delta frame without a body");
  const unknown = Object.keys(body).find((key) => !BODY_KEYS.has(key));
  if (unknown !== undefined) throw new WireError(`delta frame with an unknown part ${unknown}`);
  const ms = Date.parse(at);
  const delta: Delta = { seq, epoch, at };
  for (const list of LISTS) {
    const entries = body[list.body];
    if (entries === undefined) continue;
    const held = base[list.key] as readonly { id: string }[];
    (delta as unknown as Record<string, Entry[]>)[list.key] = arrayOf(entries, list.key).map(
      (entry) => {
        const coded = arrayOf(entry, list.key);
        const ref = coded[0];
        const id = typeof ref === "string" ? ref : held[ref as number]?.id;
        if (typeof id !== "string") throw new WireError(`${list.key}: no entry at ${String(ref)}`);
        const patch: Entry = { id };
        return decodeFields(coded, 1, list.fields, { base, at: ms }, patch, list.key);
      },
    );
  }
  if (body.p !== undefined) {
    const coded = arrayOf(body.p, "province");
    delta.province = decodeFields(coded, 0, FIGURE_FIELDS, { base, at: ms }, {}, "province");
  }
  if (body.i !== undefined)
    delta.intervals = arrayOf(body.i, "intervals").map((i) => interval(i, ms));
  if (body.w !== undefined)
    delta.intervalsLastWeek =
      body.w === null ? null : arrayOf(body.w, "last week").map((i) => interval(i, ms));
  if (body.s !== undefined) delta.switch = switchHealth(body.s, ms);
  if (body.a !== undefined) delta.alerts = arrayOf(body.a, "alerts") as Delta["alerts"];
  if (body.t !== undefined) delta.stale = textOrNull(body.t, "stale");
  if (body.d !== undefined) {
    if (typeof body.d !== "string") throw new WireError("dayStart: not a string");
    delta.dayStart = body.d;
  }
  return delta;
}

interface DecodeContext {
  base: Snapshot;
  at: number;
}

/** Reads `[mask, ...values]` from `coded[from]` on into `out`, without copying (it runs per entry). */
function decodeFields(
  coded: unknown[],
  from: number,
  fields: readonly WireField[],
  ctx: DecodeContext,
  out: Entry,
  what: string,
): Entry {
  const mask = coded[from];
  // Below 2^31 (tables have fewer than 31 fields), so bit operations are exact.
  if (typeof mask !== "number" || !Number.isInteger(mask) || mask < 0 || mask >= 2 ** fields.length)
    throw new WireError(`${what}: bad field mask`);
  let next = from + 1;
  for (let bit = 0; bit < fields.length; bit += 1) {
    if ((mask & (1 << bit)) === 0) continue;
    const field = fields[bit]!;
    if (next >= coded.length) throw new WireError(`${what}: fewer values than the mask says`);
    const value = decodeValue(field, coded[next], ctx, what);
    next += 1;
    if (field.sub === undefined) out[field.key] = value;
    else ((out[field.key] ??= {}) as Entry)[field.sub] = value;
  }
  if (next !== coded.length) throw new WireError(`${what}: more values than the mask says`);
  return out;
}

// No closure is made per value: tsx's keepNames wraps each in a defineProperty call.
function decodeValue(field: WireField, value: unknown, ctx: DecodeContext, list: string) {
  switch (field.kind) {
    case "number":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      return decodeNumber(value, `${list}.${field.key}`);
    case "time":
      return decodeTime(value, ctx.at, `${list}.${field.key}`);
    case "line":
      return value === null ? null : lineId(value, ctx.base, list, field);
    case "lines": {
      const refs = arrayOf(value, `${list}.${field.key}`);
      const ids: string[] = [];
      for (const ref of refs) ids.push(lineId(ref, ctx.base, list, field));
      return ids;
    }
    case "text":
      if (value === null || typeof value === "string") return value;
      throw new WireError(`${list}.${field.key}: not a string`);
    case "flag":
      if (typeof value === "boolean") return value;
      throw new WireError(`${list}.${field.key}: not a boolean`);
    case "json":
      return value;
  }
}

function lineId(ref: unknown, base: Snapshot, list: string, field: WireField): string {
  const id = typeof ref === "number" ? base.lines[ref]?.id : ref;
  if (typeof id !== "string")
    throw new WireError(`${list}.${field.key}: no line at ${String(ref)}`);
  return id;
}

function interval(value: unknown, at: number): IntervalView {
  if (isRecord(value)) return value as unknown as IntervalView;
  const parts = arrayOf(value, "interval");
  if (parts.length !== 7 || !parts.every((n) => Number.isSafeInteger(n)))
    throw new WireError("interval: not a start and six counts");
  const [start, offered, answered, abandoned, shortAbandoned, timedOut, leftUnanswered] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const counts = { offered, answered, abandoned, shortAbandoned, timedOut, leftUnanswered };
  return intervalView(counts, start + at);
}

function switchHealth(value: unknown, at: number): SwitchHealth {
  const [connected, detail, lastEventAt, ...rest] = arrayOf(value, "switch");
  if (rest.length > 0 || (connected !== null && typeof connected !== "boolean"))
    throw new WireError("switch: malformed");
  if (typeof detail !== "string") throw new WireError("switch.detail: not a string");
  return { connected, detail, lastEventAt: decodeTime(lastEventAt, at, "switch.lastEventAt") };
}

function textOrNull(value: unknown, what: string): string | null {
  if (value !== null && typeof value !== "string") throw new WireError(`${what}: not a string`);
  return value;
}

function arrayOf(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new WireError(`${what}: not a list`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
