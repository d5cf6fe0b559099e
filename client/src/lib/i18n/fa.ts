import type { Messages } from "./messages.ts";

export const fa: Messages = {
  documentTitle: "سامد ۱۱۱ — پایش زنده خراسان رضوی",
  title: "سامانه ارتباط مردم و دولت — ۱۱۱",
  province: "استان خراسان رضوی",
  tehranTime: "به وقت تهران",
  link: {
    connecting: "در حال اتصال",
    live: "زنده",
    stale: "بی‌خبر از سرور",
    disconnected: "قطع",
  },
  banner: {
    connecting: "در حال اتصال به سرور…",
    disconnected: (lastGood) =>
      `ارتباط با سرور قطع است — آخرین وضعیت سالم (ساعت ${lastGood}) نمایش داده می‌شود؛ در حال تلاش برای اتصال دوباره`,
    stale: (lastGood) =>
      `داده تازه از سرور نمی‌رسد — آخرین وضعیت سالم (ساعت ${lastGood}) نمایش داده می‌شود`,
    switchDown: "ارتباط سرور با مرکز تلفن قطع است — ارقام به‌روز نمی‌شوند",
    busDown: "گذرگاه رویدادهای سرور قطع است — ارقام ممکن است عقب باشند",
  },
  figures: {
    heading: "وضعیت استان",
    nowHeading: "اکنون",
    todayHeading: "امروز",
    waiting: "تماس در انتظار",
    longestWait: "طولانی‌ترین انتظار",
    answered: "پاسخ داده‌شده",
    answerRate: "نرخ پاسخ",
    abandoned: "تماس رهاشده",
    officialsHeading: "مسئولان پاسخگو",
    loggedIn: "روی خط",
    available: "آماده پاسخ",
    onCall: "در حال مکالمه",
    paused: "توقف موقت",
  },
  chart: {
    waitingByCounty: "تماس‌های در انتظار به تفکیک شهرستان",
    summary: (top) => `تماس‌های در انتظار به تفکیک شهرستان: ${top}`,
    nobodyWaiting: "هیچ تماسی در انتظار نیست",
  },
  unknown: "—",
  listSeparator: "، ",
};
