/**
 * A synthetic country: the province's reference data cloned N times (counties, agencies, lines,
 * officials and sessions, each id suffixed with its copy's number), and events cloned alike, so
 * the reducer and the views can be measured at the size of all 31 provinces (~1,700 lines).
 */
import type { SwitchEventInput } from "../../shared/events.ts";
import type { Reference } from "../../shared/reference.ts";

export const PROVINCES = 31;

const suffix = (id: string, copy: number): string => (copy === 0 ? id : `${id}-p${copy}`);
const orNull = (id: string | null, copy: number): string | null =>
  id === null ? null : suffix(id, copy);

export function cloneReference(reference: Reference, copies: number): Reference {
  const range = Array.from({ length: copies }, (_, i) => i);
  return {
    counties: range.flatMap((k) => reference.counties.map((c) => ({ ...c, id: suffix(c.id, k) }))),
    agencies: range.flatMap((k) => reference.agencies.map((a) => ({ ...a, id: suffix(a.id, k) }))),
    lines: range.flatMap((k) =>
      reference.lines.map((l) => ({
        ...l,
        id: suffix(l.id, k),
        county: suffix(l.county, k),
        agency: orNull(l.agency, k),
      })),
    ),
    officials: range.flatMap((k) =>
      reference.officials.map((o) => ({
        ...o,
        id: suffix(o.id, k),
        county: orNull(o.county, k),
        agency: orNull(o.agency, k),
      })),
    ),
    sessions: range.flatMap((k) =>
      reference.sessions.map((s) => ({
        ...s,
        line: suffix(s.line, k),
        official: suffix(s.official, k),
      })),
    ),
  };
}

/** The same event in province copy `copy`: its id, line, call and official renamed. */
export function cloneEvent(event: SwitchEventInput, copy: number): SwitchEventInput {
  const out: Record<string, unknown> = { ...event, id: suffix(event.id, copy) };
  for (const key of ["line", "call", "official"] as const) {
    if (key in out) out[key] = suffix(String(out[key]), copy);
  }
  return out as unknown as SwitchEventInput;
}

/** Each province's events, renamed, merged in time order (stable within a time). */
export function cloneEvents(events: SwitchEventInput[], copies: number): SwitchEventInput[] {
  const all = Array.from({ length: copies }, (_, k) => events.map((e) => cloneEvent(e, k))).flat();
  return all.sort((a, b) => a.at - b.at);
}
