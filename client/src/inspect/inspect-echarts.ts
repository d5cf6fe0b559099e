/**
 * ECharts for the inspection pages: the wall's pieces plus a tooltip, a legend and a title (the
 * weekly account's image carries its heading). A desk-build module: the wall's chunk is unchanged.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from "echarts/components";
import { init, use, type ComposeOption, type EChartsType } from "echarts/core";

export type { EChartsType };
import { CanvasRenderer } from "echarts/renderers";
import { wallFontReady, WALL_FONT } from "../lib/fonts.ts";

use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type InspectChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

/** Colours for the screen (the dark desk) and for paper. */
export interface ChartColours {
  text: string;
  muted: string;
  grid: string;
  background: string;
}

export const SCREEN: ChartColours = {
  text: "#eef2f7",
  muted: "#a9b6c8",
  grid: "#24324d",
  background: "#111a2b",
};
export const PAPER: ChartColours = {
  text: "#111111",
  muted: "#444444",
  grid: "#cccccc",
  background: "#ffffff",
};

export const SERIES_COLOURS = {
  offered: "#a9b6c8",
  answered: "#3aa8e8",
  abandoned: "#ffb020",
  timedOut: "#e5484d",
};

/**
 * Draws the chart once the font is ready (canvas text does not re-lay itself out), redraws it in
 * paper colours for printing, and follows its box's size. Returns the teardown.
 */
export function mountInspectChart(
  element: HTMLElement,
  option: (colours: ChartColours) => InspectChartOption,
  onChart: (chart: EChartsType | null) => void,
): () => void {
  let chart: EChartsType | null = null;
  let disposed = false;
  // A box with no size (hidden, or between layouts) would leave an empty canvas behind.
  const observer = new ResizeObserver(() => {
    if (element.clientWidth > 0 && element.clientHeight > 0) chart?.resize();
  });
  const toPaper = () => chart?.setOption(option(PAPER));
  const toScreen = () => chart?.setOption(option(SCREEN));
  // Chromium tells a print by both; a PDF printed without a dialog only by the media query.
  const print = window.matchMedia("print");
  const onPrintChange = () => (print.matches ? toPaper() : toScreen());
  void wallFontReady().then(() => {
    if (disposed) return;
    chart = init(element, null, { renderer: "canvas" });
    chart.setOption({ textStyle: { fontFamily: WALL_FONT } });
    chart.setOption(option(SCREEN));
    observer.observe(element);
    window.addEventListener("beforeprint", toPaper);
    window.addEventListener("afterprint", toScreen);
    print.addEventListener("change", onPrintChange);
    onChart(chart);
  });
  return () => {
    disposed = true;
    observer.disconnect();
    window.removeEventListener("beforeprint", toPaper);
    window.removeEventListener("afterprint", toScreen);
    print.removeEventListener("change", onPrintChange);
    chart?.dispose();
    onChart(null);
  };
}
