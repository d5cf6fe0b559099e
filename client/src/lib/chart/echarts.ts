/**
 * The one place ECharts is imported: only the pieces the wall draws are registered, which keeps
 * the chunk (split off in vite.config.ts) as small as ECharts allows.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from "echarts/charts";
import { GridComponent, type GridComponentOption } from "echarts/components";
import { init, use, type ComposeOption } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([BarChart, LineChart, GridComponent, CanvasRenderer]);

export type BarChartOption = ComposeOption<BarSeriesOption | GridComponentOption>;
export type IntervalChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption
>;
export type { EChartsType } from "echarts/core";
export { init };
