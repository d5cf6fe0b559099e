/**
 * Puts an ECharts chart on an element the way every wall chart needs it: after the bundled font
 * is ready (canvas text does not re-lay itself out when a web font arrives), with the full option
 * once, resized with its box, and fed data through a throttled feed afterwards.
 */
import { wallFontReady } from "../fonts.ts";
import { init, type EChartsType, type IntervalChartOption } from "./echarts.ts";
import { createChartFeed, type ChartFeed } from "./feed.ts";

export interface MountedChart<T> {
  /** Called with the feed once the chart exists, and with null when it is gone. */
  onFeed: (feed: ChartFeed<T> | null) => void;
  /** The full option, set once. */
  option: () => IntervalChartOption;
  /** Also called when the box changes size, after the chart has resized. */
  onResize?: (chart: EChartsType) => void;
  minUpdateMs: number;
}

/** Returns the teardown, for an `$effect` to return. */
export function mountChart<T extends IntervalChartOption>(
  element: HTMLElement,
  mounted: MountedChart<T>,
): () => void {
  let chart: EChartsType | null = null;
  let observer: ResizeObserver | null = null;
  let feed: ChartFeed<T> | null = null;
  let disposed = false;
  void wallFontReady().then(() => {
    if (disposed) return;
    const created = init(element, null, { renderer: "canvas" });
    created.setOption(mounted.option());
    observer = new ResizeObserver(() => {
      created.resize();
      mounted.onResize?.(created);
    });
    observer.observe(element);
    chart = created;
    feed = createChartFeed<T>(
      (data) => created.setOption(data, { lazyUpdate: true }),
      mounted.minUpdateMs,
    );
    mounted.onFeed(feed);
  });
  return () => {
    disposed = true;
    observer?.disconnect();
    feed?.dispose();
    chart?.dispose();
    mounted.onFeed(null);
  };
}
