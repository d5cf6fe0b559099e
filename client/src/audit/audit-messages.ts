/** Every string of the audit page, Persian (the default) and English. */
import type { Lang } from "../lib/format.ts";

export interface AuditMessages {
  title: string;
  from: string;
  to: string;
  kind: string;
  kinds: { all: string; commands: string; access: string };
  who: string;
  show: string;
  csv: string;
  columns: {
    at: string;
    who: string;
    address: string;
    action: string;
    line: string;
    fromTo: string;
    reason: string;
    result: string;
    response: string;
  };
  /** What each kind of entry is called; an action not listed shows as the server names it. */
  actions: Record<string, string>;
  badDate: string;
  none: string;
  truncated: string;
  undoOf: (id: string) => string;
  failed: string;
}

export const auditFa: AuditMessages = {
  title: "دفتر رویدادها — سامد ۱۱۱",
  from: "از تاریخ",
  to: "تا تاریخ",
  kind: "نوع",
  kinds: { all: "همه", commands: "فرمان‌های خط", access: "ورود و حساب‌ها" },
  who: "کاربر",
  show: "نمایش",
  csv: "دریافت CSV",
  columns: {
    at: "زمان",
    who: "کاربر",
    address: "نشانی",
    action: "کار",
    line: "خط",
    fromTo: "از ← به",
    reason: "دلیل",
    result: "نتیجه",
    response: "پاسخ مرکز تلفن",
  },
  actions: {
    "sign-in": "ورود",
    "sign-in.failed": "ورود ناموفق",
    "sign-out": "خروج",
    "account.locked": "قفل حساب",
    "account.created": "ساخت حساب",
    "account.disabled": "غیرفعال‌کردن حساب",
    "account.enabled": "فعال‌کردن حساب",
    "account.password-changed": "تغییر گذرواژه",
    "token.created": "ساخت توکن نمایشگر",
    "token.revoked": "ابطال توکن نمایشگر",
    "token.exchanged": "ورود نمایشگر",
    "setup.code-issued": "صدور کد راه‌اندازی",
    "setup.completed": "راه‌اندازی نخستین مدیر",
    "schedule.seeded": "بارگذاری نخستین برنامه",
    "schedule.imported": "ورود برنامه از CSV",
    "schedule.session-added": "افزودن نوبت",
    "schedule.session-changed": "تغییر نوبت",
    "schedule.session-removed": "حذف نوبت",
    "control.settings-changed": "تغییر تنظیمات کنترل خطوط",
    "command.scheduled": "زمان‌بندی فرمان",
    "command.schedule-cancelled": "لغو فرمان زمان‌بندی‌شده",
    "command.add": "افزودن پاسخ‌گو",
    "command.remove": "برداشتن پاسخ‌گو",
    "command.move": "جابه‌جایی پاسخ‌گو",
    "command.handover": "سپردن خط",
    "command.pause": "توقف پاسخ‌گو",
    "command.resume": "ادامهٔ پاسخ‌گو",
    "command.penalty": "تعیین اولویت",
  },
  badDate: "تاریخ را به شکل ۱۴۰۵/۰۹/۰۸ بنویسید",
  none: "رویدادی در این بازه نیست",
  truncated: "فقط ۱۰٬۰۰۰ رویداد نخست نمایش داده شد؛ بازه را کوتاه‌تر کنید یا CSV بگیرید.",
  undoOf: (id) => `بازگردانی رویداد ${id}`,
  failed: "دریافت نشد؛ دوباره امتحان کنید.",
};

export const auditEn: AuditMessages = {
  title: "Audit trail — Samad 111",
  from: "From",
  to: "To",
  kind: "Kind",
  kinds: { all: "All", commands: "Line commands", access: "Sign-in and accounts" },
  who: "User",
  show: "Show",
  csv: "Download CSV",
  columns: {
    at: "Time",
    who: "User",
    address: "Address",
    action: "Action",
    line: "Line",
    fromTo: "From → to",
    reason: "Reason",
    result: "Result",
    response: "Switch's answer",
  },
  actions: {
    "sign-in": "Sign-in",
    "sign-in.failed": "Failed sign-in",
    "sign-out": "Sign-out",
    "account.locked": "Account locked",
    "account.created": "Account created",
    "account.disabled": "Account disabled",
    "account.enabled": "Account enabled",
    "account.password-changed": "Password changed",
    "token.created": "Screen token created",
    "token.revoked": "Screen token revoked",
    "token.exchanged": "Screen signed in",
    "setup.code-issued": "Setup code issued",
    "setup.completed": "First admin set up",
    "schedule.seeded": "Timetable first loaded",
    "schedule.imported": "Timetable imported from CSV",
    "schedule.session-added": "Session added",
    "schedule.session-changed": "Session changed",
    "schedule.session-removed": "Session removed",
    "control.settings-changed": "Line-control settings changed",
    "command.scheduled": "Command scheduled",
    "command.schedule-cancelled": "Scheduled command cancelled",
    "command.add": "Official added",
    "command.remove": "Official removed",
    "command.move": "Official moved",
    "command.handover": "Line handed over",
    "command.pause": "Official paused",
    "command.resume": "Official resumed",
    "command.penalty": "Priority set",
  },
  badDate: "Write dates as 1405/09/08",
  none: "Nothing in this range",
  truncated: "Only the first 10,000 entries are shown; narrow the range or download the CSV.",
  undoOf: (id) => `undo of entry ${id}`,
  failed: "Could not load; try again.",
};

export const auditMessages = (lang: Lang): AuditMessages => (lang === "en" ? auditEn : auditFa);
