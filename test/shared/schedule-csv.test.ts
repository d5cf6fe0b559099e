/**
 * The timetable CSV as the office writes it: Persian or English headers, Jalali dates and Tehran
 * times in Persian or ASCII digits, officials and lines by id or by name; a file with any fault
 * refused whole, each fault naming its row and field.
 */
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../shared/csv.ts";
import { parseScheduleCsv, type ImportResult } from "../../shared/schedule-csv.ts";
import { asciiDigits, readClock, readJalaliDate } from "../../shared/schedule-input.ts";
import { toScheduled } from "../../shared/schedule.ts";
import { jalaliTimeToMs } from "../../shared/tehran-time.ts";
import { provinceReference, smallReference } from "../support/reference.ts";

const reference = smallReference();
const at = (date: string, time: string) => jalaliTimeToMs(date, time);

function errorsOf(result: ImportResult) {
  if (result.ok) throw new Error("expected the file to be refused");
  return result.errors.map(({ row, field, code }) => ({ row, field, code }));
}

describe("a good file", () => {
  it("reads English headers, ids and ASCII digits", () => {
    const file = [
      "official,line,date,start,end",
      "farmandar-mashhad,mashhad,1405/09/10,08:00,10:00",
      "modir-behzisti,behzisti,1405/09/10,09:30,10:30",
      "farmandar-mashhad,mashhad,1405/09/12,10:00,12:00",
    ].join("\r\n");
    const result = parseScheduleCsv(file, reference);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.timetable.sessions).toEqual([
      {
        official: "farmandar-mashhad",
        line: "mashhad",
        start: at("1405/09/10", "08:00"),
        end: at("1405/09/10", "10:00"),
      },
      {
        official: "modir-behzisti",
        line: "behzisti",
        start: at("1405/09/10", "09:30"),
        end: at("1405/09/10", "10:30"),
      },
      {
        official: "farmandar-mashhad",
        line: "mashhad",
        start: at("1405/09/12", "10:00"),
        end: at("1405/09/12", "12:00"),
      },
    ]);
    // The days it covers, first to last, whole: the import replaces them.
    expect(result.timetable.from).toBe(at("1405/09/10", "00:00"));
    expect(result.timetable.to).toBe(at("1405/09/13", "00:00"));
  });

  it("reads Persian headers, Persian names, Persian digits, a BOM and quoted cells", () => {
    const file =
      "\uFEFFمقام,خط,تاریخ,شروع,پایان,توضیحات\n" +
      'فرماندار مشهد,خط مشهد,۱۴۰۵/۰۹/۱۰,۰۸:۰۰,۱۰:۰۰,"جلسه، ویژه"\n' +
      // Arabic yeh/kaf and a zero-width non-joiner as some keyboards type them; short date form.
      "مدیركل بهزيستي,خط\u200Cبهزیستی,1405/9/11,8:30,9:30,\n";
    const result = parseScheduleCsv(file, reference);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.timetable.sessions).toEqual([
      {
        official: "farmandar-mashhad",
        line: "mashhad",
        start: at("1405/09/10", "08:00"),
        end: at("1405/09/10", "10:00"),
      },
      {
        official: "modir-behzisti",
        line: "behzisti",
        start: at("1405/09/11", "08:30"),
        end: at("1405/09/11", "09:30"),
      },
    ]);
  });

  it("takes back-to-back sessions of one official, and semicolons as Excel saves them", () => {
    const file =
      "official;line;date;start;end\nfarmandar-kalat;kalat;1405/09/10;08:00;09:00\nfarmandar-kalat;kalat;1405/09/10;09:00;10:00\n";
    const result = parseScheduleCsv(file, reference);
    expect(result.ok && result.timetable.sessions.length).toBe(2);
  });
});

describe("the province's whole timetable", () => {
  it("reads back data/sessions.json written as the office would, with Persian names", async () => {
    const province = await provinceReference();
    const fa = (list: { id: string; fa: string }[], id: string) =>
      list.find((e) => e.id === id)?.fa ?? id;
    const toPersian = (text: string) => text.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] ?? d);
    const rows = province.sessions.map((s) =>
      [
        `"${fa(province.officials, s.official)}"`,
        fa(province.lines, s.line),
        toPersian(s.date),
        toPersian(s.from),
        toPersian(s.to),
      ].join(","),
    );
    const result = parseScheduleCsv(["مقام,خط,تاریخ,شروع,پایان", ...rows].join("\r\n"), province);
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    const key = (s: { official: string; line: string; start: number; end: number }) =>
      `${s.start} ${s.end} ${s.official} ${s.line}`;
    expect(result.timetable.sessions.map(key).sort()).toEqual(
      province.sessions
        .flatMap((s) => toScheduled(s) ?? [])
        .map(key)
        .sort(),
    );
  });
});

describe("a bad file is refused whole", () => {
  const header = "official,line,date,start,end";

  it("names each row and field at fault, not only the first", () => {
    const file = [
      header,
      "farmandar-mashhad,mashhad,1405/09/10,08:00,10:00",
      "nobody,mashhad,1405/09/10,08:00,10:00",
      "farmandar-kalat,no-line,1405/13/01,8,25:00",
      "farmandar-kalat,kalat,1405/12/31,10:00,09:00",
      ",kalat,1405/09/10,10:00,11:00",
    ].join("\n");
    expect(errorsOf(parseScheduleCsv(file, reference))).toEqual([
      { row: 3, field: "official", code: "unknown-official" },
      { row: 4, field: "line", code: "unknown-line" },
      { row: 4, field: "date", code: "bad-date" },
      { row: 4, field: "start", code: "bad-time" },
      { row: 4, field: "end", code: "bad-time" },
      // 1405 is not a leap year: Esfand has 29 days.
      { row: 5, field: "date", code: "bad-date" },
      { row: 5, field: "end", code: "end-not-after-start" },
      { row: 6, field: "official", code: "missing" },
    ]);
  });

  it("refuses overlapping sessions of one official, naming the other row", () => {
    const file = [
      header,
      "farmandar-mashhad,mashhad,1405/09/10,08:00,10:00",
      "farmandar-kalat,kalat,1405/09/10,08:00,10:00",
      "فرماندار مشهد,kalat,۱۴۰۵/۰۹/۱۰,09:59,11:00",
    ].join("\n");
    const result = parseScheduleCsv(file, reference);
    expect(errorsOf(result)).toEqual([{ row: 4, field: "start", code: "overlap" }]);
    expect(!result.ok && result.errors[0]).toMatchObject({
      otherRow: 2,
      message: "row 4, start overlaps another session of the same official (row 2)",
    });
  });

  it("names a missing or doubled column in the header row", () => {
    expect(errorsOf(parseScheduleCsv("official,line,date,start\nx,y,z,w", reference))).toEqual([
      { row: 1, field: "end", code: "missing-column" },
    ]);
    expect(errorsOf(parseScheduleCsv("official,مقام,line,date,start,end\n", reference))).toEqual([
      { row: 1, field: "official", code: "duplicate-column" },
    ]);
  });

  it("refuses an empty file, a header alone, and broken quoting", () => {
    expect(errorsOf(parseScheduleCsv("", reference))).toEqual([
      { row: 1, field: null, code: "empty" },
    ]);
    expect(errorsOf(parseScheduleCsv(`${header}\n\n`, reference))).toEqual([
      { row: 1, field: null, code: "empty" },
    ]);
    expect(errorsOf(parseScheduleCsv(`${header}\n"farmandar-kalat,kalat`, reference))).toEqual([
      { row: 2, field: null, code: "bad-csv" },
    ]);
  });

  it("counts rows by the file's lines, past blank lines and quoted line breaks", () => {
    const file = `${header}\n\n"farmandar-kalat",kalat,1405/09/10,08:00,"10:00"\n"a\nb",kalat,1405/09/10,08:00,10:00\n`;
    expect(errorsOf(parseScheduleCsv(file, reference))).toEqual([
      { row: 4, field: "official", code: "unknown-official" },
    ]);
  });
});

describe("the pieces", () => {
  it("reads Persian and Arabic-Indic digits", () => {
    expect(asciiDigits("۱۴۰۵/۰۹/۱۰ ٠٨:٣٠")).toBe("1405/09/10 08:30");
    expect(readJalaliDate("۱۴۰۵/۰۹/۱۰")).toEqual({ jy: 1405, jm: 9, jd: 10 });
    expect(readJalaliDate("1405-9-1")).toEqual({ jy: 1405, jm: 9, jd: 1 });
    expect(readJalaliDate("1405/07/31")).toBeNull();
    expect(readJalaliDate("2026/11/30")).toBeNull();
    expect(readClock("۰۸:۳۰")).toBe(510);
    expect(readClock("24:00")).toBeNull();
  });

  it("parses RFC 4180 quoting", () => {
    expect(parseCsv('a,"b ""c""",d\r\n"x\r\ny",,\r\n')).toEqual({
      ok: true,
      rows: [
        { line: 1, cells: ["a", 'b "c"', "d"] },
        { line: 2, cells: ["x\r\ny", "", ""] },
      ],
    });
  });
});
