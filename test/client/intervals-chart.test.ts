import { describe, expect, it } from "vitest";
import type { IntervalView } from "../../shared/intervals.ts";
import {
  answerRateData,
  answerRateOption,
  intervalSeries,
  volumeData,
  type IntervalLook,
} from "../../client/src/lib/chart/intervals.ts";
import { createFormat } from "../../client/src/lib/format.ts";

/** 00:00 Tehran, Saturday 14 Azar 1405. */
const DAY = "2026-12-04T20:30:00.000Z";
const Q = 15 * 60_000;
const WEEK = 7 * 86_400_000;

function interval(index: number, answered: number, abandoned: number, base = DAY): IntervalView {
  const outcomes = answered + abandoned;
  return {
    start: new Date(Date.parse(base) + index * Q).toISOString(),
    offered: outcomes ? outcomes + 1 : 0,
    answered,
    abandoned,
    shortAbandoned: 0,
    timedOut: 0,
    leftUnanswered: 0,
    answerRate: outcomes ? answered / outcomes : null,
    abandonRate: outcomes ? abandoned / outcomes : null,
  };
}

const empty = (index: number, base = DAY) => interval(index, 0, 0, base);
const upTo = (last: number, fill: (i: number) => IntervalView) =>
  Array.from({ length: last + 1 }, (_, i) => fill(i));
const lastWeekBase = new Date(Date.parse(DAY) - WEEK).toISOString();

describe("the interval charts' data", () => {
  const fa = createFormat("fa");
  const today = upTo(34, (i) => (i === 33 ? interval(33, 3, 1) : empty(i))); // 08:15 busy, now 08:30
  const lastWeek = upTo(95, (i) =>
    i >= 32 && i < 56 ? interval(i, 4, 0, lastWeekBase) : empty(i, lastWeekBase),
  );

  it("covers office hours 07:00–15:00 with Tehran HH:MM labels in Persian digits", () => {
    const series = intervalSeries({ minutes: 15, today, lastWeek: null }, DAY, fa);
    expect(series.from).toBe(28);
    expect(series.labels).toHaveLength(32);
    expect(series.labels[0]).toBe("۰۷:۰۰");
    expect(series.labels.at(-1)).toBe("۱۴:۴۵");
    expect(series.rateLastWeek).toBeNull();
  });

  it("puts today's rate in percent where calls had an outcome, nothing ahead of now", () => {
    const series = intervalSeries({ minutes: 15, today, lastWeek }, DAY, fa);
    expect(series.rateToday[33 - 28]).toBe(75);
    expect(series.rateToday[32 - 28]).toBeNull();
    expect(series.rateToday[40 - 28]).toBeNull();
    expect(series.answered[33 - 28]).toBe(3);
    expect(series.abandoned[33 - 28]).toBe(1);
    expect(series.offered[33 - 28]).toBe(5);
    expect(series.offered[35 - 28]).toBeNull();
  });

  it("lines last week up with today by time of day", () => {
    const series = intervalSeries({ minutes: 15, today, lastWeek }, DAY, fa);
    expect(series.rateLastWeek?.[32 - 28]).toBe(100);
    expect(series.rateLastWeek?.[31 - 28]).toBeNull();
  });

  it("widens the window for calls outside office hours, and never past one day", () => {
    const late = upTo(70, (i) => (i === 66 ? interval(66, 1, 0) : empty(i)));
    const series = intervalSeries({ minutes: 15, today: late, lastWeek }, DAY, fa);
    expect(series.labels.at(-1)).toBe("۱۷:۳۰");
    const full = intervalSeries(
      { minutes: 15, today: upTo(95, (i) => interval(i, 1, 0)), lastWeek },
      DAY,
      fa,
    );
    expect(full.labels).toHaveLength(96);
  });

  it("sends only data after the first full option", () => {
    const series = intervalSeries({ minutes: 15, today, lastWeek }, DAY, fa);
    const update = answerRateData(series);
    expect(Object.keys(update).sort()).toEqual(["series", "xAxis"]);
    expect(volumeData(series).series).toHaveLength(3);
  });

  it("mirrors the time axis for right to left", () => {
    const look: IntervalLook = {
      dir: "rtl",
      fontFamily: "Vazirmatn",
      fontPx: 20,
      text: "#fff",
      muted: "#aaa",
      gridLine: "#333",
      today: "#0af",
      lastWeek: "#888",
      answered: "#0f0",
      abandoned: "#f00",
      offered: "#ff0",
    };
    const rtl = answerRateOption(look, fa);
    expect(rtl.xAxis).toMatchObject({ inverse: true });
    expect(rtl.yAxis).toMatchObject({ position: "right" });
    const ltr = answerRateOption({ ...look, dir: "ltr" }, createFormat("en"));
    expect(ltr.xAxis).toMatchObject({ inverse: false });
    expect(ltr.yAxis).toMatchObject({ position: "left" });
  });
});
