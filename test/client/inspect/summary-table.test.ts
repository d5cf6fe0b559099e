import { describe, expect, it } from "vitest";
import {
  columnsFor,
  firstOrder,
  formatFigure,
  nextOrder,
  sortRows,
  totalOf,
} from "../../../client/src/inspect/summary-table.ts";
import { createFormat } from "../../../client/src/lib/format.ts";
import { summaryRow } from "./fixtures.ts";

const names: Record<string, string> = { a: "Bardaskan", b: "Mashhad", c: "Neyshabur" };
const nameOf = (id: string) => names[id] ?? id;
const collator = new Intl.Collator("en");
const rows = [
  summaryRow("b", { answered: 30, answerRate: 0.9, sessionsMissed: 1 }),
  summaryRow("c", { answered: 10, answerRate: null, sessionsMissed: 0 }),
  summaryRow("a", { answered: 30, answerRate: 0.5, sessionsMissed: 2 }),
];
const ids = (sorted: { id: string }[]) => sorted.map((row) => row.id);

describe("the inspection table", () => {
  it("sorts by name, and by a figure with ties in name order", () => {
    expect(ids(sortRows(rows, { key: "name", descending: false }, nameOf, collator))).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(ids(sortRows(rows, { key: "answered", descending: true }, nameOf, collator))).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(ids(sortRows(rows, { key: "answered", descending: false }, nameOf, collator))).toEqual([
      "c",
      "a",
      "b",
    ]);
  });

  it("puts a row without a figure last whichever way it sorts", () => {
    for (const descending of [true, false]) {
      const sorted = sortRows(rows, { key: "answerRate", descending }, nameOf, collator);
      expect(sorted.at(-1)?.id).toBe("c");
    }
  });

  it("starts a column worst first: lowest answer rate, most missed sessions", () => {
    expect(firstOrder("answerRate")).toEqual({ key: "answerRate", descending: false });
    expect(firstOrder("sessionsMissed")).toEqual({ key: "sessionsMissed", descending: true });
    const missed = sortRows(rows, firstOrder("sessionsMissed"), nameOf, collator);
    expect(ids(missed)).toEqual(["a", "b", "c"]);
    const rate = sortRows(rows, firstOrder("answerRate"), nameOf, collator);
    expect(ids(rate)).toEqual(["a", "b", "c"]);
    expect(nextOrder({ key: "answerRate", descending: false }, "answerRate").descending).toBe(true);
    expect(nextOrder({ key: "answerRate", descending: false }, "name")).toEqual({
      key: "name",
      descending: false,
    });
  });

  it("adds up counts and keeps the longest wait, not a sum of ratios", () => {
    const total = totalOf([
      summaryRow("a", { answered: 3, longestWaitSec: 40, answerRate: 0.5 }),
      summaryRow("b", { answered: 4, longestWaitSec: 90, answerRate: 1 }),
    ]);
    expect(total.answered).toBe(7);
    expect(total.longestWaitSec).toBe(90);
    expect(total.answerRate).toBeUndefined();
  });

  it("shows an official's own answered calls only when grouped by official", () => {
    expect(columnsFor("official").at(-1)?.field).toBe("answeredByOfficial");
    expect(columnsFor("county").map((c) => c.field)).not.toContain("answeredByOfficial");
    const officials = [
      summaryRow("a", { answeredByOfficial: 4 }),
      summaryRow("b", { answeredByOfficial: 9 }),
    ];
    const sorted = sortRows(officials, firstOrder("answeredByOfficial"), nameOf, collator);
    expect(ids(sorted)).toEqual(["b", "a"]);
    expect(totalOf(officials).answeredByOfficial).toBe(13);
  });

  it("reads figures in the page's language", () => {
    const fa = createFormat("fa");
    const en = createFormat("en");
    expect(formatFigure(1234, "count", fa)).toBe("۱٬۲۳۴");
    expect(formatFigure(0.875, "percent", en)).toBe("88%");
    expect(formatFigure(0.875, "percent", fa)).toBe("۸۸٪");
    expect(formatFigure(75, "duration", en)).toBe("1:15");
    expect(formatFigure(null, "percent", fa)).toBe("—");
  });
});
