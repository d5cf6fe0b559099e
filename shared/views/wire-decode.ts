/**
 * Delta frames read at the client's edge (the frame itself: wire-codec.ts): against the snapshot
 * a frame applies to, back into the `Delta` the server sent. Anything malformed throws WireError,
 * which the page answers by asking for a fresh snapshot.
 */
import { intervalView, type IntervalView } from "../intervals.ts";
import type { SwitchHealth } from "../view-types.ts";
import type { Delta, Snapshot } from "./types.ts";
import { LISTS, type DeltaFrame, type Entry } from "./wire-codec.ts";
import { FIGURE_FIELDS, WIRE_VERSION, type WireField } from "./wire-fields.ts";
import { decodeNumber, decodeTime, WireError } from "./wire-values.ts";

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
