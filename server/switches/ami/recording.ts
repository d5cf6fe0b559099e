/**
 * Runs a raw AMI byte stream (a recording, or bytes read from a file) through the adapter's own
 * parser and mapper, with no socket: what the replay command and the figure tests use.
 */
import type { SwitchEventInput } from "../../../shared/events.ts";
import { AmiMapper, type MapperOptions } from "./mapper.ts";
import { AmiParser } from "./parser.ts";

export interface RecordingResult {
  events: SwitchEventInput[];
  /** The switch's time of the last message that had one. */
  lastAt: number | null;
  messages: number;
  mapper: AmiMapper;
  parser: AmiParser;
}

/** Feeds the bytes in the given chunk sizes (all at once by default). */
export function mapAmiBytes(
  bytes: Uint8Array,
  options: MapperOptions,
  chunks?: Iterable<number>,
): RecordingResult {
  const parser = new AmiParser();
  const mapper = new AmiMapper(options);
  const events: SwitchEventInput[] = [];
  let messages = 0;
  const feed = (part: Uint8Array): void => {
    for (const item of parser.push(part)) {
      if (item.kind !== "message") continue;
      messages += 1;
      // A response (no Event:) maps to nothing.
      for (const event of mapper.map(item.message, mapper.lastAt ?? 0)) events.push(event);
    }
  };
  let offset = 0;
  for (const size of chunks ?? []) {
    if (offset >= bytes.length) break;
    feed(bytes.subarray(offset, offset + size));
    offset += size;
  }
  if (offset < bytes.length) feed(bytes.subarray(offset));
  return { events, lastAt: mapper.lastAt, messages, mapper, parser };
}
