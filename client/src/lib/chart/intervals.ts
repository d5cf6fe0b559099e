/**
 * The two interval charts as data: answer rate per 15-minute interval today against the same
 * weekday last week, and calls offered/answered/abandoned per interval. Category axes with Tehran
 * HH:MM labels (ECharts' time axis cannot do Jalali, and only the time of day matters here).
 * Bounded by construction: one category per interval of one day, at most 96.
 */
import type { Intervals } from "../../../../shared/snapshot.ts";
import type { IntervalView } from "../../../../shared/intervals.ts";
import type { Format } from "../format.ts";
import type { IntervalChartOption } from "./echarts.ts";

const INTERVAL_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const PER_DAY = DAY_MS / INTERVAL_MS;
/** The window always covers office hours (07:00–15:00) so the axis does not jump all morning. */
const WORK_FROM = 7 * 4;
const WORK_TO = 15 * 4 - 1;

export interface IntervalSeries {
  /** The window's first interval, as an index into the day. */
  from: number;
  /** HH:MM Tehran of each interval's start. */
  labels: string[];
  /** Today's answer rate in percent; null where no call had an outcome, or still to come. */
  rateToday: (number | null)[];
  /** The same weekday last week; null throughout when there is no history. */
  rateLastWeek: (number | null)[] | null;
  offered: (number | null)[];
  answered: (number | null)[];
  abandoned: (number | null)[];
}

/** The interval's index in its Tehran day (Tehran has no daylight saving: days are 96 long). */
function indexOf(start: string, dayStart: number): number {
  const offset = (Date.parse(start) - dayStart) % DAY_MS;
  return Math.round((offset < 0 ? offset + DAY_MS : offset) / INTERVAL_MS);
}

const active = (i: IntervalView): boolean => i.offered > 0 || i.answered > 0 || i.abandoned > 0;

function byIndex(list: readonly IntervalView[], dayStart: number): Map<number, IntervalView> {
  const out = new Map<number, IntervalView>();
  for (const interval of list) {
    const index = indexOf(interval.start, dayStart);
    if (index >= 0 && index < PER_DAY) out.set(index, interval);
  }
  return out;
}

const percent = (rate: number | null | undefined): number | null =>
  rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;

export function intervalSeries(
  intervals: Intervals,
  dayStartIso: string,
  format: Pick<Format, "hourMinute">,
): IntervalSeries {
  const dayStart = Date.parse(dayStartIso);
  const today = byIndex(intervals.today, dayStart);
  const lastWeek = intervals.lastWeek ? byIndex(intervals.lastWeek, dayStart) : null;
  const activeIndexes = [...today, ...(lastWeek ?? [])].filter(([, i]) => active(i));
  const now = Math.max(-1, ...today.keys());
  const from = Math.min(WORK_FROM, ...activeIndexes.map(([index]) => index));
  const to = Math.max(WORK_TO, now, ...activeIndexes.map(([index]) => index));
  const indexes = Array.from({ length: to - from + 1 }, (_, k) => from + k);
  const count = (pick: (i: IntervalView) => number) =>
    indexes.map((index) => {
      const interval = today.get(index);
      return interval ? pick(interval) : null;
    });
  return {
    from,
    labels: indexes.map((index) =>
      format.hourMinute(new Date(dayStart + index * INTERVAL_MS).toISOString()),
    ),
    rateToday: indexes.map((index) => percent(today.get(index)?.answerRate)),
    rateLastWeek: lastWeek
      ? indexes.map((index) => percent(lastWeek.get(index)?.answerRate))
      : null,
    offered: count((i) => i.offered),
    answered: count((i) => i.answered),
    abandoned: count((i) => i.abandoned),
  };
}

export interface IntervalLook {
  dir: "rtl" | "ltr";
  fontFamily: string;
  fontPx: number;
  text: string;
  muted: string;
  gridLine: string;
  today: string;
  lastWeek: string;
  answered: string;
  abandoned: string;
  offered: string;
}

/** What both charts share: mirrored axes in Persian, Tehran labels, no animation, no tooltip. */
function frame(
  look: IntervalLook,
  yLabel: (value: number) => string,
  yRange: { min?: number; max?: number; interval?: number; minInterval?: number },
): IntervalChartOption {
  const rtl = look.dir === "rtl";
  const pad = Math.round(look.fontPx * 0.5);
  return {
    animation: false,
    textStyle: { fontFamily: look.fontFamily },
    grid: {
      top: pad * 2,
      bottom: pad,
      left: pad,
      right: pad,
      outerBoundsMode: "same",
      outerBoundsContain: "axisLabel",
    },
    xAxis: {
      type: "category",
      // ECharts has no right-to-left mode: in Persian, time runs from right to left.
      inverse: rtl,
      data: [],
      axisTick: { show: false },
      axisLine: { lineStyle: { color: look.gridLine } },
      axisLabel: {
        color: look.muted,
        fontSize: look.fontPx,
        fontFamily: look.fontFamily,
        // On the hour only: a label every 15 minutes would be small print.
        interval: (_index: number, value: string) => /[:٫]?[0۰]{2}$/.test(value),
      },
    },
    yAxis: {
      type: "value",
      position: rtl ? "right" : "left",
      ...yRange,
      splitLine: { lineStyle: { color: look.gridLine } },
      axisLabel: {
        color: look.muted,
        fontSize: look.fontPx,
        fontFamily: look.fontFamily,
        formatter: yLabel,
      },
    },
  };
}

export function answerRateOption(look: IntervalLook, format: Format): IntervalChartOption {
  return {
    ...frame(look, (value) => format.percent(value / 100), { min: 0, max: 100, interval: 25 }),
    series: [
      {
        type: "line",
        name: "lastWeek",
        data: [],
        symbol: "none",
        connectNulls: true,
        lineStyle: { color: look.lastWeek, width: look.fontPx * 0.15, type: "dashed" },
        itemStyle: { color: look.lastWeek },
      },
      {
        type: "line",
        name: "today",
        data: [],
        symbol: "circle",
        symbolSize: look.fontPx * 0.45,
        lineStyle: { color: look.today, width: look.fontPx * 0.2 },
        itemStyle: { color: look.today },
      },
    ],
  };
}

export function answerRateData(series: IntervalSeries): IntervalChartOption {
  return {
    xAxis: { data: series.labels },
    series: [{ data: series.rateLastWeek ?? [] }, { data: series.rateToday }],
  };
}

export function volumeOption(look: IntervalLook, format: Format): IntervalChartOption {
  return {
    ...frame(look, (value) => format.number(value), { minInterval: 1 }),
    series: [
      {
        type: "bar",
        name: "answered",
        stack: "outcome",
        data: [],
        barCategoryGap: "20%",
        itemStyle: { color: look.answered },
      },
      {
        type: "bar",
        name: "abandoned",
        stack: "outcome",
        data: [],
        // Hatched as well as coloured, so the two stacks differ without colour.
        itemStyle: {
          color: look.abandoned,
          decal: { symbol: "rect", dashArrayX: [1, 0], rotation: 0.8 },
        },
      },
      {
        type: "line",
        name: "offered",
        data: [],
        symbol: "diamond",
        symbolSize: look.fontPx * 0.5,
        lineStyle: { color: look.offered, width: look.fontPx * 0.12 },
        itemStyle: { color: look.offered },
      },
    ],
  };
}

export function volumeData(series: IntervalSeries): IntervalChartOption {
  return {
    xAxis: { data: series.labels },
    series: [{ data: series.answered }, { data: series.abandoned }, { data: series.offered }],
  };
}
