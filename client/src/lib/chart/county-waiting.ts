/**
 * The calls-waiting-per-county bar chart as data: the order of the bars and the ECharts options.
 * The full option is set once; each update sends only the category names and the values, so
 * ECharts animates the change instead of rebuilding the chart.
 */
import type { CountyView } from "../../../../shared/snapshot.ts";
import type { Format } from "../format.ts";
import type { CountyLabel } from "../reference.ts";
import type { BarChartOption } from "./echarts.ts";

/**
 * The chart shows the busiest counties only: 34 rows would need small print, and the tile map
 * already shows every county. Bounded, like every list on the wall.
 */
export const MAX_BARS = 15;

export interface CountyBar {
  id: string;
  name: string;
  waiting: number;
}

/**
 * Most calls waiting first; ties (mostly zeros) by population, then by id, so that quiet counties
 * keep their places and the eye can find them.
 */
export function countyBars(
  counties: readonly CountyView[],
  labels: ReadonlyMap<string, CountyLabel>,
): CountyBar[] {
  return counties
    .map((county) => {
      const label = labels.get(county.id);
      return {
        id: county.id,
        name: label?.name ?? county.id,
        waiting: county.waiting,
        population: label?.population ?? 0,
      };
    })
    .sort(
      (a, b) =>
        b.waiting - a.waiting ||
        b.population - a.population ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map(({ id, name, waiting }) => ({ id, name, waiting }));
}

export interface ChartLook {
  dir: "rtl" | "ltr";
  fontFamily: string;
  /** Category label size in CSS pixels, sized to the rows the chart has room for. */
  fontPx: number;
  text: string;
  bar: string;
  gridLine: string;
}

/**
 * Room for the value label past the longest bar, and a floor so that one waiting call does not
 * fill the whole width.
 */
export function axisMax(extent: { max: number }): number {
  return Math.max(5, Math.ceil(extent.max * 1.15));
}

/** The full option. ECharts has no right-to-left mode: in Persian the chart is mirrored by hand. */
export function waitingChartOption(look: ChartLook, format: Format): BarChartOption {
  const rtl = look.dir === "rtl";
  const pad = Math.round(look.fontPx * 0.6);
  return {
    // Bars that glide while the order of the counties changes would show one county's figure
    // beside another's name for a moment; a wall updating several times a second stays still.
    animation: false,
    textStyle: { fontFamily: look.fontFamily },
    grid: {
      top: pad,
      bottom: pad,
      left: pad,
      right: pad,
      outerBoundsMode: "same",
      outerBoundsContain: "axisLabel",
    },
    xAxis: {
      type: "value",
      inverse: rtl,
      max: axisMax,
      minInterval: 1,
      // Each bar carries its own figure; an axis scale would only add small print.
      axisLabel: { show: false },
      splitLine: { lineStyle: { color: look.gridLine } },
    },
    yAxis: {
      type: "category",
      // First bar (most waiting) at the top.
      inverse: true,
      position: rtl ? "right" : "left",
      data: [],
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: {
        color: look.text,
        fontSize: look.fontPx,
        fontFamily: look.fontFamily,
        margin: pad,
        interval: 0,
      },
    },
    series: [
      {
        type: "bar",
        data: [],
        barCategoryGap: "25%",
        itemStyle: { color: look.bar, borderRadius: rtl ? [4, 0, 0, 4] : [0, 4, 4, 0] },
        label: {
          show: true,
          position: rtl ? "left" : "right",
          color: look.text,
          fontSize: look.fontPx,
          fontFamily: look.fontFamily,
          fontWeight: "bold",
          formatter: ({ value }) =>
            typeof value === "number" && value > 0 ? format.number(value) : "",
        },
      },
    ],
  };
}

/** Only what changes between updates: the order of the counties and their figures. */
export function waitingChartData(bars: readonly CountyBar[]): BarChartOption {
  return {
    yAxis: { data: bars.map((bar) => bar.name) },
    series: [{ data: bars.map((bar) => bar.waiting) }],
  };
}

/** When the container is resized, only the sizes that follow the room change. */
export function waitingChartSizes(fontPx: number): BarChartOption {
  const pad = Math.round(fontPx * 0.6);
  return {
    grid: { top: pad, bottom: pad, left: pad, right: pad },
    yAxis: { axisLabel: { fontSize: fontPx, margin: pad } },
    series: [{ label: { fontSize: fontPx } }],
  };
}

/** The label size that lets every county's name fit in its row at this chart height. */
export function labelFontPx(heightPx: number, rows: number, remPx: number): number {
  const perRow = heightPx / Math.max(rows, 1);
  return Math.max(10, Math.round(Math.min(remPx * 1.15, perRow * 0.7)));
}
