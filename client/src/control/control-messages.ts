/** Every string of the line-control page, Persian (the default) and English. */
import type { CommandAction, CommandStatus } from "../../../shared/control.ts";
import type { OfficialState } from "../../../shared/events.ts";
import type { Lang } from "../lib/format.ts";

export interface ControlMessages {
  title: string;
  county: string;
  agency: string;
  all: string;
  urgent: string;
  waiting: (n: string) => string;
  noMembers: string;
  addOfficial: string;
  choose: string;
  actions: Record<CommandAction, string>;
  states: Record<OfficialState, string>;
  toLine: string;
  toOfficial: string;
  penalty: string;
  reason: string;
  reasons: string[];
  confirm: string;
  cancel: string;
  confirmQuestion: (action: string, official: string, line: string) => string;
  confirmLast: string;
  confirmLastButton: string;
  statuses: Record<CommandStatus | "pending", string>;
  lineChanged: string;
  results: string;
  noResults: string;
  by: string;
  undo: string;
  undoReason: string;
  undone: string;
  failed: string;
  live: string;
  notLive: string;
  when: string;
  now: string;
  at: string;
  scheduledFor: (time: string) => string;
  scheduled: string;
  noScheduled: string;
  cancelScheduled: string;
  scheduledStates: Record<"pending" | "running" | "done" | "failed" | "cancelled", string>;
  applySchedule: string;
  applyScheduleHelp: string;
}

export const controlFa: ControlMessages = {
  title: "کنترل خطوط — سامد ۱۱۱",
  county: "شهرستان",
  agency: "دستگاه",
  all: "همه",
  urgent: "نیاز فوری",
  waiting: (n) => `${n} تماس در انتظار`,
  noMembers: "هیچ پاسخ‌گویی روی این خط نیست",
  addOfficial: "افزودن پاسخ‌گو",
  choose: "انتخاب کنید",
  actions: {
    add: "افزودن",
    remove: "برداشتن",
    move: "انتقال به خط دیگر",
    handover: "سپردن خط به دیگری",
    pause: "مکث",
    resume: "ادامه",
    penalty: "اولویت",
  },
  states: {
    available: "آماده",
    ringing: "در حال زنگ",
    "on-call": "در مکالمه",
    "wrap-up": "جمع‌بندی",
    offline: "خارج",
    paused: "مکث",
    unknown: "نامعلوم",
  },
  toLine: "به خط",
  penalty: "اولویت (عدد کمتر، زودتر)",
  toOfficial: "به پاسخ‌گو",
  reason: "دلیل",
  reasons: [
    "تأخیر فرماندار",
    "غیبت پاسخ‌گو",
    "ازدحام تماس در خط",
    "نیاز در خط دیگر",
    "پایان نوبت",
    "جلسه",
    "استراحت",
    "سایر",
  ],
  confirm: "تأیید",
  cancel: "انصراف",
  confirmQuestion: (action, official, line) => `${action}: ${official} — ${line}`,
  confirmLast: "این آخرین پاسخ‌گوی آماده این خط است و تماس‌گیرنده در انتظار است. باز هم انجام شود؟",
  confirmLastButton: "بله، انجام شود",
  statuses: {
    pending: "در انتظار تأیید مرکز تلفن…",
    done: "انجام شد",
    conflict: "خط تغییر کرده است",
    "confirm-last": "نیاز به تأیید دوباره",
    refused: "مرکز تلفن نپذیرفت",
    disconnected: "مرکز تلفن وصل نیست",
    "no-answer": "پاسخی از مرکز تلفن نیامد",
  },
  lineChanged: "این خط پیش از این فرمان تغییر کرده است؛ وضعیت تازه نمایش داده شد.",
  results: "نتیجه فرمان‌ها",
  noResults: "هنوز فرمانی نیست",
  by: "توسط",
  undo: "بازگردانی",
  undoReason: "بازگردانی فرمان",
  undone: "بازگردانی",
  failed: "کار انجام نشد؛ دوباره امتحان کنید.",
  live: "زنده",
  notLive: "اتصال زنده قطع است",
  when: "زمان",
  now: "همین حالا",
  at: "در ساعت",
  scheduledFor: (time) => `برای ساعت ${time} زمان‌بندی شد`,
  scheduled: "تغییرهای زمان‌بندی‌شده",
  noScheduled: "تغییر زمان‌بندی‌شده‌ای نیست",
  cancelScheduled: "لغو",
  scheduledStates: {
    pending: "در نوبت",
    running: "در حال اجرا",
    done: "انجام شد",
    failed: "انجام نشد",
    cancelled: "لغو شد",
  },
  applySchedule: "اجرای خودکار برنامه منتشرشده",
  applyScheduleHelp:
    "هر پاسخ‌گو در آغاز نوبت منتشرشده‌اش به خط افزوده و در پایان آن برداشته می‌شود.",
};

export const controlEn: ControlMessages = {
  title: "Line control — Samad 111",
  county: "County",
  agency: "Agency",
  all: "All",
  urgent: "Needs someone now",
  waiting: (n) => `${n} waiting`,
  noMembers: "No official on this line",
  addOfficial: "Add an official",
  choose: "Choose",
  actions: {
    add: "Add",
    remove: "Remove",
    move: "Move to another line",
    handover: "Hand the line over",
    pause: "Pause",
    resume: "Resume",
    penalty: "Priority",
  },
  states: {
    available: "Available",
    ringing: "Ringing",
    "on-call": "On a call",
    "wrap-up": "Wrap-up",
    offline: "Offline",
    paused: "Paused",
    unknown: "Unknown",
  },
  toLine: "To line",
  penalty: "Priority (lower first)",
  toOfficial: "To official",
  reason: "Reason",
  reasons: [
    "Governor late",
    "Official absent",
    "Line flooded",
    "Needed on another line",
    "End of session",
    "Meeting",
    "Break",
    "Other",
  ],
  confirm: "Confirm",
  cancel: "Cancel",
  confirmQuestion: (action, official, line) => `${action}: ${official} — ${line}`,
  confirmLast: "This is the line's last available official and callers are waiting. Do it anyway?",
  confirmLastButton: "Yes, do it",
  statuses: {
    pending: "Waiting for the switch to confirm…",
    done: "Done",
    conflict: "The line changed",
    "confirm-last": "Needs a second confirmation",
    refused: "The switch refused",
    disconnected: "The switch is not connected",
    "no-answer": "No answer from the switch",
  },
  lineChanged: "The line changed before this command; its state now is shown.",
  results: "Command results",
  noResults: "No command yet",
  by: "by",
  undo: "Undo",
  undoReason: "Undo of a command",
  undone: "Undo",
  failed: "That did not work; try again.",
  live: "Live",
  notLive: "The live link is down",
  when: "When",
  now: "Now",
  at: "At",
  scheduledFor: (time) => `Scheduled for ${time}`,
  scheduled: "Scheduled changes",
  noScheduled: "No scheduled change",
  cancelScheduled: "Cancel",
  scheduledStates: {
    pending: "Pending",
    running: "Running",
    done: "Done",
    failed: "Not done",
    cancelled: "Cancelled",
  },
  applySchedule: "Apply the published schedule automatically",
  applyScheduleHelp:
    "Each official is added to their line when their published session starts, and removed when it ends.",
};

export const controlMessages = (lang: Lang): ControlMessages =>
  lang === "en" ? controlEn : controlFa;
