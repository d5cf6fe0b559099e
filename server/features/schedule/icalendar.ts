/**
 * The published timetable as an iCalendar feed (RFC 5545): CRLF line ends, lines folded at 75
 * octets without splitting a UTF-8 character, TEXT values escaped, times in UTC (no VTIMEZONE
 * needed; calendar apps show them in the reader's zone), and a UID per session that stays the same
 * when the timetable is imported again unchanged. Pure.
 */

export interface CalendarEvent {
  uid: string;
  start: number;
  end: number;
  summary: string;
  location?: string;
  description?: string;
}

export interface Calendar {
  name: string;
  /** When the feed was made: every event's DTSTAMP. */
  stamp: number;
  events: readonly CalendarEvent[];
}

/** TEXT as RFC 5545 §3.3.11 writes it. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** 20261201T043000Z */
export function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

const encoder = new TextEncoder();

/** Folds a content line into pieces of at most 75 octets, continuation lines led by a space. */
export function fold(line: string): string {
  const pieces: string[] = [];
  let piece = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // The first piece has 75 octets; each continuation 74 after its leading space.
    const room = pieces.length === 0 ? 75 : 74;
    if (octets + size > room) {
      pieces.push(piece);
      piece = "";
      octets = 0;
    }
    piece += ch;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join("\r\n ");
}

export function toICalendar(calendar: Calendar): string {
  const stamp = utcStamp(calendar.stamp);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//samad-live//published schedule//FA",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    "X-WR-TIMEZONE:Asia/Tehran",
  ];
  for (const event of calendar.events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(event.start)}`,
      `DTEND:${utcStamp(event.end)}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    lines.push("TRANSP:TRANSPARENT", "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
