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
  none: "Nothing in this range",
  truncated: "Only the first 10,000 entries are shown; narrow the range or download the CSV.",
  undoOf: (id) => `undo of entry ${id}`,
  failed: "Could not load; try again.",
};

export const auditMessages = (lang: Lang): AuditMessages => (lang === "en" ? auditEn : auditFa);
