import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  fallbackTiles,
  freeRun,
  placeTiles,
  type PlaceableCounty,
} from "../../client/src/lib/tile-map.ts";

const counties = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../data/counties.json"), "utf8"),
) as PlaceableCounty[];

const at = (grid: ReturnType<typeof placeTiles>, id: string) => {
  const tile = grid.tiles.find((t) => t.id === id);
  if (!tile) throw new Error(`${id} not placed`);
  return tile;
};

describe("the county tile map", () => {
  const grid = placeTiles(counties);

  it("places every county of data/counties.json exactly once, one per cell, inside the grid", () => {
    expect(counties).toHaveLength(34);
    expect(grid.tiles.map((t) => t.id).sort()).toEqual(counties.map((c) => c.id).sort());
    const cells = new Set(grid.tiles.map((t) => `${t.col},${t.row}`));
    expect(cells.size).toBe(34);
    for (const tile of grid.tiles) {
      expect(tile.col).toBeGreaterThanOrEqual(1);
      expect(tile.col).toBeLessThanOrEqual(grid.cols);
      expect(tile.row).toBeGreaterThanOrEqual(1);
      expect(tile.row).toBeLessThanOrEqual(grid.rows);
    }
  });

  it("keeps the lie of the land: north above south, west left of east", () => {
    expect(at(grid, "dargaz").row).toBeLessThan(at(grid, "khaf").row);
    expect(at(grid, "quchan").row).toBeLessThan(at(grid, "gonabad").row);
    expect(at(grid, "sabzevar").col).toBeLessThan(at(grid, "mashhad").col);
    expect(at(grid, "mashhad").col).toBeLessThan(at(grid, "sarakhs").col);
    expect(at(grid, "joghatai").col).toBe(1);
  });

  it("does not depend on the order of the input", () => {
    const reversed = placeTiles([...counties].reverse());
    expect(reversed).toEqual(grid);
  });

  it("refuses more counties than cells rather than stacking two on one", () => {
    expect(() => placeTiles(counties, 5, 6)).toThrow(/do not fit/);
  });

  it("lays counties out row by row before their positions are known", () => {
    const fallback = fallbackTiles(["a", "b", "c"], 2);
    expect(fallback).toEqual({
      cols: 2,
      rows: 2,
      tiles: [
        { id: "a", col: 1, row: 1 },
        { id: "b", col: 2, row: 1 },
        { id: "c", col: 1, row: 2 },
      ],
    });
  });
});

describe("room for the legend", () => {
  it("finds empty cells on the bottom row first, and none on a full map", () => {
    const grid = placeTiles(counties);
    const slot = freeRun(grid, 2);
    expect(slot).not.toBeNull();
    const taken = new Set(grid.tiles.map((t) => `${t.col},${t.row}`));
    expect(taken.has(`${slot?.col},${slot?.row}`)).toBe(false);
    expect(taken.has(`${(slot?.col ?? 0) + 1},${slot?.row}`)).toBe(false);
    expect(slot?.row).toBe(grid.rows);
    expect(freeRun(fallbackTiles(["a", "b"], 2), 1)).toBeNull();
  });

  it("finds room for the legend and the key apart, covering no county", () => {
    const grid = placeTiles(counties);
    const legend = freeRun(grid, 3, "top");
    const key = legend && freeRun(grid, 2, "bottom", [legend]);
    if (!legend || !key) throw new Error("no room for the legend and the key");
    expect([legend.span, key.span]).toEqual([3, 2]);
    const cells = (run: { col: number; row: number; span: number }) =>
      Array.from({ length: run.span }, (_, k) => `${run.col + k},${run.row}`);
    const used = [...cells(legend), ...cells(key)];
    expect(new Set(used).size).toBe(5);
    const taken = new Set(grid.tiles.map((t) => `${t.col},${t.row}`));
    expect(used.some((cell) => taken.has(cell))).toBe(false);
  });
});
