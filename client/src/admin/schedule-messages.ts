/** The schedule panel's texts, Persian and English. */
import type { ImportErrorCode } from "../../../shared/schedule-csv.ts";
import type { SessionField } from "../../../shared/schedule-input.ts";
import type { Lang } from "../lib/format.ts";

export interface ScheduleMessages {
  heading: string;
  week: (from: string, to: string) => string;
  previous: string;
  thisWeek: string;
  next: string;
  none: string;
  day: string;
  time: string;
  fields: Record<SessionField, string>;
  edit: string;
  remove: string;
  confirmRemove: (who: string, when: string) => string;
  addHeading: string;
  editHeading: string;
  datePlaceholder: string;
  save: string;
  cancel: string;
  choose: string;
  saved: string;
  removed: string;
  importHeading: string;
  importHelp: string;
  file: string;
  upload: string;
  imported: (added: string, from: string, to: string) => string;
  refused: (count: string) => string;
  /** One fault: where (row, column) and what. */
  fault: (row: string, field: string | null, what: string) => string;
  codes: Record<ImportErrorCode, string>;
  overlapWith: (row: string) => string;
  overlapStored: (when: string) => string;
  failed: string;
  publicLink: string;
}

export const scheduleFa: ScheduleMessages = {
  heading: "برنامهٔ نوبت‌های پاسخ‌گویی",
  week: (from, to) => `هفتهٔ ${from} تا ${to}`,
  previous: "هفتهٔ پیش",
  thisWeek: "این هفته",
  next: "هفتهٔ بعد",
  none: "در این هفته نوبتی نیست.",
  day: "روز",
  time: "ساعت",
  fields: { official: "مقام", line: "خط", date: "تاریخ", start: "شروع", end: "پایان" },
  edit: "ویرایش",
  remove: "حذف",
  confirmRemove: (who, when) => `نوبت ${who} در ${when} حذف شود؟`,
  addHeading: "نوبت تازه",
  editHeading: "ویرایش نوبت",
  datePlaceholder: "۱۴۰۵/۰۹/۱۰",
  save: "ثبت",
  cancel: "انصراف",
  choose: "— انتخاب کنید —",
  saved: "نوبت ثبت شد.",
  removed: "نوبت حذف شد.",
  importHeading: "بارگذاری برنامهٔ استان (CSV)",
  importHelp:
    "ستون‌ها: مقام، خط، تاریخ (۱۴۰۵/۰۹/۱۰)، شروع و پایان (۰۸:۳۰). نوبت‌های روزهای این پرونده جای برنامهٔ پیشین همان روزها را می‌گیرند؛ پرونده‌ای که خطایی داشته باشد، هیچ بخشش ثبت نمی‌شود.",
  file: "پرونده",
  upload: "بارگذاری",
  imported: (added, from, to) => `${added} نوبت برای ${from} تا ${to} ثبت شد.`,
  refused: (count) => `پرونده پذیرفته نشد؛ ${count} خطا:`,
  fault: (row, field, what) =>
    field ? `ردیف ${row}، ستون «${field}»: ${what}` : `ردیف ${row}: ${what}`,
  codes: {
    missing: "خالی است.",
    "unknown-official": "در فهرست مقام‌ها نیست (شناسه یا نام).",
    "unknown-line": "در فهرست خط‌ها نیست (شناسه یا نام).",
    "bad-date": "تاریخ شمسی درستی مانند ۱۴۰۵/۰۹/۱۰ نیست.",
    "bad-time": "ساعتی مانند ۰۸:۳۰ نیست.",
    "end-not-after-start": "پایان باید پس از شروع باشد.",
    overlap: "با نوبت دیگری از همین مقام هم‌پوشانی دارد.",
    "bad-csv": "پروندهٔ CSV خوانا نیست.",
    empty: "پرونده هیچ نوبتی ندارد.",
    "missing-column": "این ستون در سطر عنوان نیست.",
    "duplicate-column": "این ستون دو بار آمده است.",
    "too-many-rows": "پرونده بیش از اندازه بزرگ است.",
  },
  overlapWith: (row) => `(ردیف ${row})`,
  overlapStored: (when) => `(نوبت ثبت‌شدهٔ ${when})`,
  failed: "کار انجام نشد؛ دوباره امتحان کنید.",
  publicLink: "برنامهٔ منتشرشده برای مردم",
};

export const scheduleEn: ScheduleMessages = {
  heading: "Answering sessions",
  week: (from, to) => `Week of ${from} to ${to}`,
  previous: "Previous week",
  thisWeek: "This week",
  next: "Next week",
  none: "No sessions this week.",
  day: "Day",
  time: "Time",
  fields: { official: "Official", line: "Line", date: "Date", start: "Start", end: "End" },
  edit: "Edit",
  remove: "Delete",
  confirmRemove: (who, when) => `Delete ${who}'s session on ${when}?`,
  addHeading: "New session",
  editHeading: "Edit session",
  datePlaceholder: "1405/09/10",
  save: "Save",
  cancel: "Cancel",
  choose: "— choose —",
  saved: "Session saved.",
  removed: "Session deleted.",
  importHeading: "Upload the province's timetable (CSV)",
  importHelp:
    "Columns: official, line, date (Jalali, 1405/09/10), start and end (Tehran time, 08:30). The file's sessions replace those of the days it covers; a file with any error is refused whole.",
  file: "File",
  upload: "Upload",
  imported: (added, from, to) => `${added} sessions saved for ${from} to ${to}.`,
  refused: (count) => `The file was refused; ${count} errors:`,
  fault: (row, field, what) => (field ? `Row ${row}, ${field}: ${what}` : `Row ${row}: ${what}`),
  codes: {
    missing: "is empty.",
    "unknown-official": "is not an official of the reference data (id or name).",
    "unknown-line": "is not a line of the reference data (id or name).",
    "bad-date": "is not a Jalali date such as 1405/09/10.",
    "bad-time": "is not a time such as 08:30.",
    "end-not-after-start": "must be after the start.",
    overlap: "overlaps another session of the same official.",
    "bad-csv": "the file is not readable CSV.",
    empty: "the file has no sessions.",
    "missing-column": "this column is missing from the header row.",
    "duplicate-column": "this column appears twice.",
    "too-many-rows": "the file is too large.",
  },
  overlapWith: (row) => `(row ${row})`,
  overlapStored: (when) => `(the stored session on ${when})`,
  failed: "That did not work; try again.",
  publicLink: "The schedule as published",
};

export const scheduleMessages = (lang: Lang): ScheduleMessages =>
  lang === "en" ? scheduleEn : scheduleFa;
