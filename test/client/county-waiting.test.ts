import { describe, expect, it } from "vitest";
import {
  axisMax,
  countyBars,
  labelFontPx,
  waitingChartData,
  waitingChartOption,
  type ChartLook,
} from "../../client/src/lib/chart/county-waiting.ts";
import { createFormat } from "../../client/src/lib/format.ts";
import { countyLabels, parseReferenceView } from "../../client/src/lib/reference.ts";
import { thresholdsSchema } from "../../shared/reference.ts";
import { county } from "./fixtures.ts";

const thresholds = thresholdsSchema.parse({});
const reference = parseReferenceView(
  {
    counties: [
      { id: "mashhad", fa: "مشهد", en: "Mashhad", population: 3372660 },
      { id: "nishapur", fa: "نیشابور", en: "Nishapur", population: 355864 },
      { id: "kalat", fa: "کلات", en: "Kalat", population: 38000 },
    ],
    agencies: [],
    lines: [],
    officials: [],
  },
  thresholds,
);

describe("parseReferenceView", () => {
  it("accepts the reference shape with its thresholds and refuses anything else", () => {
    expect(reference?.counties).toHaveLength(3);
    expect(reference?.thresholds.tiles.warnWaitSec).toBe(60);
    expect(parseReferenceView(null, thresholds)).toBeNull();
    expect(parseReferenceView({ counties: [] }, thresholds)).toBeNull();
    const empty = { counties: [], agencies: [], lines: [], officials: [] };
    expect(parseReferenceView({ ...empty, counties: [{ id: 1 }] }, thresholds)).toBeNull();
    expect(parseReferenceView(empty, thresholds)).not.toBeNull();
    expect(parseReferenceView(empty, { tiles: {}, officials: {} })).toBeNull();
    expect(parseReferenceView(empty, null)).toBeNull();
  });
});

describe("countyBars", () => {
  const labels = countyLabels(reference, "fa");

  it("puts the most calls waiting first, with the names of the wall's language", () => {
    const bars = countyBars([county("mashhad", 2), county("kalat", 5)], labels);
    expect(bars.map((bar) => bar.name)).toEqual(["کلات", "مشهد"]);
    const english = countyBars([county("mashhad", 2)], countyLabels(reference, "en"));
    expect(english[0]?.name).toBe("Mashhad");
  });

  it("orders ties by population so quiet counties keep their places", () => {
    const bars = countyBars(
      [county("kalat", 0), county("nishapur", 0), county("mashhad", 0)],
      labels,
    );
    expect(bars.map((bar) => bar.id)).toEqual(["mashhad", "nishapur", "kalat"]);
  });

  it("shows the id of a county the reference does not name yet", () => {
    const bars = countyBars([county("zaveh", 1)], new Map());
    expect(bars).toEqual([{ id: "zaveh", name: "zaveh", waiting: 1 }]);
  });
});

describe("chart options", () => {
  const look = (dir: "rtl" | "ltr"): ChartLook => ({
    dir,
    fontFamily: "Vazirmatn",
    fontPx: 20,
    text: "#fff",
    bar: "#0af",
    gridLine: "#333",
  });
  const format = createFormat("fa");

  it("mirrors the chart for Persian by hand", () => {
    const rtl = waitingChartOption(look("rtl"), format);
    expect(rtl.xAxis).toMatchObject({ inverse: true });
    expect(rtl.yAxis).toMatchObject({ position: "right", inverse: true });
    expect(rtl.series).toMatchObject([{ label: { position: "left" } }]);
    const ltr = waitingChartOption(look("ltr"), format);
    expect(ltr.xAxis).toMatchObject({ inverse: false });
    expect(ltr.yAxis).toMatchObject({ position: "left" });
  });

  it("updates only the names and the values", () => {
    const data = waitingChartData([
      { id: "kalat", name: "کلات", waiting: 5 },
      { id: "mashhad", name: "مشهد", waiting: 2 },
    ]);
    expect(data).toEqual({ yAxis: { data: ["کلات", "مشهد"] }, series: [{ data: [5, 2] }] });
  });

  it("leaves room past the longest bar and never collapses the scale", () => {
    expect(axisMax({ max: 0 })).toBe(5);
    expect(axisMax({ max: 40 })).toBe(46);
  });

  it("sizes labels to fit 34 rows", () => {
    expect(labelFontPx(900, 34, 20)).toBe(19);
    expect(labelFontPx(3000, 34, 20)).toBe(23);
    expect(labelFontPx(100, 34, 20)).toBe(10);
  });
});
