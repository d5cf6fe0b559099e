/** Builds valid events for tests with little ceremony. */
import { parseSwitchEvent, type SwitchEvent, type SwitchEventInput } from "../../shared/events.ts";

let counter = 0;

type Body = SwitchEventInput extends infer E
  ? E extends unknown
    ? Omit<E, "id" | "v" | "source" | "at"> & { at?: number; id?: string }
    : never
  : never;

/** A validated event; `at` defaults to 2026-11-29 09:00 Tehran. */
export function event(body: Body): SwitchEvent {
  counter += 1;
  const result = parseSwitchEvent({
    id: `test-${counter}`,
    v: 1,
    source: "test",
    at: Date.parse("2026-11-29T09:00:00+03:30"),
    ...body,
  });
  if (!result.ok) throw new Error(`test event invalid: ${result.reason}`);
  return result.event;
}

export const T0 = Date.parse("2026-11-29T09:00:00+03:30");
export const sec = (n: number): number => T0 + n * 1000;

/** Appends events to a log as a switch adapter's runner would. */
export async function appendEvents(
  log: { append(messages: readonly string[]): Promise<string[]> },
  events: readonly unknown[],
): Promise<void> {
  await log.append(events.map((e) => JSON.stringify(e)));
}
