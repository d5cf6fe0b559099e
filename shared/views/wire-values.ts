/**
 * How single values travel in a delta frame, exactly: decoding gives back the very value the
 * server computed, never a rounded one, so no figure on any page can differ from the server's.
 * A ratio or mean is a quotient of two counts, and a double that is one is sent as that fraction
 * `[p, q]` (the client's `p / q` is the same double: IEEE division rounds correctly); ISO times
 * are milliseconds from the frame's own time.
 */

/** Bad input from the network: the frame is refused and the client asks for a snapshot. */
export class WireError extends Error {
  override name = "WireError";
}

/**
 * Denominators tried: every count of a day is far below it, and below 2^26 a fraction a/b is
 * always a convergent of the double nearest it (|x − a/b| ≤ ulp < 1/(2b²)), so it is found.
 */
const MAX_DENOMINATOR = 10_000_000;

/** The fraction of smallest denominator whose quotient is exactly `x`, or null if none is small. */
export function fractionOf(x: number): [number, number] | null {
  if (!Number.isFinite(x) || Number.isInteger(x)) return null;
  const sign = x < 0 ? -1 : 1;
  let rest = Math.abs(x);
  // Convergents h/k of the continued fraction; each candidate is checked, so float error in
  // `rest` can only make the search give up, never give a wrong answer.
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  for (let i = 0; i < 64; i += 1) {
    const a = Math.floor(rest);
    const [h, k] = [a * h1 + h0, a * k1 + k0];
    if (k > MAX_DENOMINATOR) return null;
    if ((sign * h) / k === x) return [sign * h, k];
    [h0, h1, k0, k1] = [h1, h, k1, k];
    const fraction = rest - a;
    if (fraction === 0) return null;
    rest = 1 / fraction;
  }
  return null;
}

/** A count, ratio or mean: integers as they are, other doubles as a fraction where one is exact. */
export function encodeNumber(value: number | null): number | [number, number] | null {
  if (value === null) return null;
  return fractionOf(value) ?? value;
}

export function decodeNumber(value: unknown, what: string): number | null {
  if (value === null) return null;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isSafeInteger(value[0]) &&
    Number.isSafeInteger(value[1]) &&
    (value[1] as number) > 0
  ) {
    return (value[0] as number) / (value[1] as number);
  }
  throw new WireError(`${what}: not a number or a fraction`);
}

/** An ISO time the way `toISOString` writes it, as milliseconds from `base`; any other string as is. */
export function encodeTime(value: string | null, base: number): number | string | null {
  if (value === null) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value ? ms - base : value;
}

/** `what` names the field in an error; built by the caller only when it is cheap. */
export function decodeTime(value: unknown, base: number, what: string): string | null {
  if (value === null || typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    const date = new Date(base + value);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  throw new WireError(`${what}: not a time`);
}
