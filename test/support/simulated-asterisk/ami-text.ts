/**
 * AMI messages as Asterisk 22 writes them (test/fixtures/asterisk/*.ami.txt): `Key: Value` lines
 * ended by CRLF, an empty line after each message, the header order of the recordings.
 */
export type Fields = ReadonlyArray<readonly [string, string | number]>;

export function amiMessage(fields: Fields): string {
  let out = "";
  for (const [key, value] of fields) out += `${key}: ${value}\r\n`;
  return `${out}\r\n`;
}

/** `Timestamp:` of an event: epoch seconds with microseconds. */
export const timestamp = (at: number): string => (at / 1000).toFixed(6);

/** Whole epoch seconds (LastCall, LastPause, LoginTime). */
export const epochSeconds = (at: number): number => Math.floor(at / 1000);

/** The caller channel's fields that every caller event of app_queue carries. */
export interface CallerChannel {
  channel: string;
  uniqueid: string;
  linkedid: string;
  number: string;
  queue: string;
}

export function channelFields(c: CallerChannel): Fields {
  return [
    ["Channel", c.channel],
    ["ChannelState", 6],
    ["ChannelStateDesc", "Up"],
    ["CallerIDNum", c.number],
    ["CallerIDName", "<unknown>"],
    ["ConnectedLineNum", c.number],
    ["ConnectedLineName", "<unknown>"],
    ["Language", "en"],
    ["AccountCode", ""],
    ["Context", "callers"],
    ["Exten", c.queue],
    ["Priority", 3],
    ["Uniqueid", c.uniqueid],
    ["Linkedid", c.linkedid],
  ];
}

/** The member's outgoing channel (`Dest*`): its caller id is the caller's, its exten the queue. */
export function destFields(c: CallerChannel, dest: string, destId: string, up: boolean): Fields {
  return [
    ["DestChannel", dest],
    ["DestChannelState", up ? 6 : 0],
    ["DestChannelStateDesc", up ? "Up" : "Down"],
    ["DestCallerIDNum", c.number],
    ["DestCallerIDName", "<unknown>"],
    ["DestConnectedLineNum", c.number],
    ["DestConnectedLineName", "<unknown>"],
    ["DestLanguage", "en"],
    ["DestAccountCode", ""],
    ["DestContext", "agents"],
    ["DestExten", c.queue],
    ["DestPriority", 1],
    ["DestUniqueid", destId],
    ["DestLinkedid", c.linkedid],
  ];
}

/** app_queue's servicelevel percentages, `%2.1f`. */
export const percent = (part: number, whole: number): string =>
  (whole > 0 ? (100 * part) / whole : 0).toFixed(1);
