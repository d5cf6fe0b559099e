/** The iCalendar feed's text as RFC 5545 asks: CRLF, 75-octet folding, escaped TEXT, UTC times. */
import { describe, expect, it } from "vitest";
import {
  escapeText,
  fold,
  toICalendar,
  utcStamp,
} from "../../../../server/features/schedule/icalendar.ts";

const octets = (line: string) => new TextEncoder().encode(line).length;

/** Unfolds as a reader does: a CRLF followed by a space or tab joins the lines. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");

describe("an iCalendar feed", () => {
  const summary = "فرماندار تربت‌حیدریه — پاسخ‌گویی در ۱۱۱; نوبت اول, خط\nدوم \\ ویژه";
  const text = toICalendar({
    name: "سامد ۱۱۱ — کلات",
    stamp: Date.UTC(2026, 10, 30, 18, 0, 5, 123),
    events: [
      {
        uid: "farmandar-kalat-2026-12-01T04:30:00.000Z@samad-live",
        start: Date.UTC(2026, 11, 1, 4, 30),
        end: Date.UTC(2026, 11, 1, 6, 30),
        summary,
        location: "خط کلات",
      },
    ],
  });

  it("ends every line with CRLF and folds none longer than 75 octets", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of text.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
    // The long Persian summary was folded, and reads back whole.
    expect(text).toMatch(/\r\n /);
    const line = unfold(text)
      .split("\r\n")
      .find((l) => l.startsWith("SUMMARY:"));
    expect(line).toBe(`SUMMARY:${escapeText(summary)}`);
  });

  it("has the properties a calendar needs, in UTC", () => {
    const lines = unfold(text).split("\r\n");
    expect(lines.slice(0, 3)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0", lines[2]]);
    expect(lines[2]).toMatch(/^PRODID:/);
    expect(lines).toContain("BEGIN:VEVENT");
    expect(lines).toContain("UID:farmandar-kalat-2026-12-01T04:30:00.000Z@samad-live");
    expect(lines).toContain("DTSTAMP:20261130T180005Z");
    expect(lines).toContain("DTSTART:20261201T043000Z");
    expect(lines).toContain("DTEND:20261201T063000Z");
    expect(lines.at(-2)).toBe("END:VCALENDAR");
  });

  it("escapes backslash, semicolon, comma and line breaks in TEXT", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
    expect(utcStamp(Date.UTC(2027, 0, 2, 3, 4, 5))).toBe("20270102T030405Z");
  });

  it("never splits a character when folding", () => {
    const long = `DESCRIPTION:${"ی".repeat(100)}😀${"a".repeat(80)}`;
    const folded = fold(long);
    for (const piece of folded.split("\r\n")) {
      expect(octets(piece)).toBeLessThanOrEqual(75);
      expect(piece).not.toMatch(/\uFFFD/);
    }
    expect(unfold(folded)).toBe(long);
  });
});
