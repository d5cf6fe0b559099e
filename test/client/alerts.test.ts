import { describe, expect, it } from "vitest";
import type { Alert } from "../../shared/alerts.ts";
import { alertRows, type AlertNames } from "../../client/src/lib/alerts.ts";
import { createFormat } from "../../client/src/lib/format.ts";
import { en } from "../../client/src/lib/i18n/en.ts";
import { fa } from "../../client/src/lib/i18n/fa.ts";

const AT = "2026-12-05T05:00:00.000Z";
const ago = (sec: number): string => new Date(Date.parse(AT) - sec * 1000).toISOString();

const alert = (kind: Alert["kind"], since: number, extra: Partial<Alert> = {}): Alert => ({
  id: `${kind}:${since}`,
  kind,
  county: "kalat",
  line: null,
  official: null,
  value: 130,
  since: ago(since),
  ...extra,
});

const names: AlertNames = {
  county: (id) => (id === "kalat" ? "کلات" : id),
  line: (id) => `خط ${id}`,
  official: (id) => (id === "farmandar-kalat" ? "فرماندار کلات" : id),
};

describe("the alerts panel", () => {
  const alerts = [
    alert("absent", 600, { official: "farmandar-kalat", line: "kalat", value: 10 }),
    alert("long-wait", 60, { line: "kalat", value: 200 }),
    alert("unattended", 120),
    alert("unattended", 300),
    alert("abandon-spike", 30, { value: 0.6 }),
  ];

  it("lists callers left alone first, oldest first, then long waits, spikes and absences", () => {
    const { rows } = alertRows(alerts, AT, 10, names, fa, createFormat("fa"));
    expect(rows.map((r) => r.id)).toEqual([
      "unattended:300",
      "unattended:120",
      "long-wait:60",
      "abandon-spike:30",
      "absent:600",
    ]);
  });

  it("words each kind in Persian with Persian digits and ٪ after the number", () => {
    const { rows } = alertRows(alerts, AT, 10, names, fa, createFormat("fa"));
    expect(rows[1]?.text).toBe("کلات: ۲:۱۰ انتظار، کسی روی خط نیست");
    expect(rows[1]?.since).toBe("۲ دقیقه پیش");
    expect(rows[3]?.since).toBe("همین حالا");
    expect(rows[2]?.text).toBe("خط kalat: انتظار ۳:۲۰");
    expect(rows[3]?.text).toBe("کلات: رهاشدن ۶۰٪ در ربع ساعت گذشته");
    expect(rows[4]?.text).toBe("فرماندار کلات: ۱۰ دقیقه غیبت در جلسه");
  });

  it("words them in English with ?lang=en", () => {
    const { rows } = alertRows(alerts, AT, 1, names, en, createFormat("en"));
    expect(rows[0]?.text).toBe("کلات: waiting 2:10, nobody on the line");
    expect(rows[0]?.since).toBe("for 5 min");
  });

  it("puts a switch that is not connected above everything, in both languages", () => {
    const down = alert("switch-down", 10, { county: null, value: 0 });
    const fa1 = alertRows([...alerts, down], AT, 10, names, fa, createFormat("fa")).rows[0];
    expect(fa1).toMatchObject({
      kind: "switch-down",
      text: "مرکز تلفن وصل نیست: ارقام زنده نیستند",
    });
    const en1 = alertRows([...alerts, down], AT, 10, names, en, createFormat("en")).rows[0];
    expect(en1?.text).toBe("Telephone switch not connected: figures are not live");
  });

  it("is bounded, and counts what did not fit", () => {
    const { rows, hidden } = alertRows(alerts, AT, 2, names, fa, createFormat("fa"));
    expect(rows).toHaveLength(2);
    expect(hidden).toBe(3);
  });
});
