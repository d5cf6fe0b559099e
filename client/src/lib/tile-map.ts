/**
 * The county tile map: a grid cartogram where every county gets one equal cell placed roughly
 * where the county lies. Equal cells because Mashhad holds half the province's people and a map
 * drawn to scale (by area or population) would leave the small counties unreadable from the room.
 *
 * Placement: centroids are scaled onto the grid, then counties are assigned to cells so that the
 * total squared distance from where each "should" be is small (a greedy start, then swaps and moves
 * until nothing improves). Deterministic, so the map never reshuffles between loads, and it places
 * a county added later without anyone drawing the map again.
 */

export interface PlaceableCounty {
  id: string;
  /** [latitude, longitude] of the county's centroid. */
  centroidLatLon: readonly [number, number];
}

export interface TilePlacement {
  id: string;
  /** 1-based grid column, counted from the west: a map is not mirrored for right-to-left. */
  col: number;
  /** 1-based grid row, counted from the north. */
  row: number;
}

export interface TileGrid {
  cols: number;
  rows: number;
  tiles: TilePlacement[];
}

/**
 * 8×6 = 48 cells for 34 counties: room for the crowded ring around Mashhad to spread out, and
 * tiles a little wider than tall, like the screen.
 */
export const DEFAULT_COLS = 8;
export const DEFAULT_ROWS = 6;

/** Cosine of the province's mean latitude: a degree of longitude is this much of a degree north. */
const LON_SCALE = Math.cos((36 * Math.PI) / 180);

interface Target {
  id: string;
  x: number;
  y: number;
}

function targets(counties: readonly PlaceableCounty[], cols: number, rows: number): Target[] {
  const xs = counties.map((c) => c.centroidLatLon[1] * LON_SCALE);
  const ys = counties.map((c) => c.centroidLatLon[0]);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  return counties.map((county, i) => ({
    id: county.id,
    x: (((xs[i] ?? minX) - minX) / spanX) * (cols - 1),
    // North at the top.
    y: ((maxY - (ys[i] ?? maxY)) / spanY) * (rows - 1),
  }));
}

const cost = (t: Target, cell: number, cols: number): number => {
  const dx = t.x - (cell % cols);
  const dy = t.y - Math.floor(cell / cols);
  return dx * dx + dy * dy;
};

/** Counties to cells; ties broken by id so the result never depends on the input's order. */
export function placeTiles(
  counties: readonly PlaceableCounty[],
  cols = DEFAULT_COLS,
  rows = DEFAULT_ROWS,
): TileGrid {
  const cells = cols * rows;
  if (counties.length > cells) {
    throw new Error(`${counties.length} counties do not fit a ${cols}×${rows} tile map`);
  }
  const all = targets(counties, cols, rows).sort((a, b) => (a.id < b.id ? -1 : 1));
  // Greedy start: the closest county–cell pairs first.
  const pairs: { t: number; cell: number; d: number }[] = [];
  all.forEach((t, ti) => {
    for (let cell = 0; cell < cells; cell += 1) pairs.push({ t: ti, cell, d: cost(t, cell, cols) });
  });
  pairs.sort((a, b) => a.d - b.d || a.t - b.t || a.cell - b.cell);
  const cellOf = new Array<number>(all.length).fill(-1);
  const owner = new Array<number>(cells).fill(-1);
  for (const { t, cell } of pairs) {
    if (cellOf[t] !== -1 || owner[cell] !== -1) continue;
    cellOf[t] = cell;
    owner[cell] = t;
  }
  improve(all, cellOf, owner, cols);
  return {
    cols,
    rows,
    tiles: all.map((t, i) => {
      const cell = cellOf[i] ?? 0;
      return { id: t.id, col: (cell % cols) + 1, row: Math.floor(cell / cols) + 1 };
    }),
  };
}

/** Moves a county to any cell (swapping with its owner) while that lowers the total cost. */
function improve(all: Target[], cellOf: number[], owner: number[], cols: number): void {
  const c = (t: number, cell: number): number => {
    const target = all[t];
    return target ? cost(target, cell, cols) : 0;
  };
  for (let pass = 0; pass < 50; pass += 1) {
    let better = false;
    for (let t = 0; t < all.length; t += 1) {
      for (let cell = 0; cell < owner.length; cell += 1) {
        const from = cellOf[t] ?? 0;
        const other = owner[cell] ?? -1;
        if (cell === from) continue;
        const before = c(t, from) + (other === -1 ? 0 : c(other, cell));
        const after = c(t, cell) + (other === -1 ? 0 : c(other, from));
        if (after < before - 1e-9) {
          cellOf[t] = cell;
          owner[cell] = t;
          owner[from] = other;
          if (other !== -1) cellOf[other] = from;
          better = true;
        }
      }
    }
    if (!better) return;
  }
}

/** Before the reference names arrive: the counties in the snapshot's order, row by row. */
export function fallbackTiles(ids: readonly string[], cols = DEFAULT_COLS): TileGrid {
  return {
    cols,
    rows: Math.max(1, Math.ceil(ids.length / cols)),
    tiles: ids.map((id, i) => ({ id, col: (i % cols) + 1, row: Math.floor(i / cols) + 1 })),
  };
}

export interface Run {
  col: number;
  row: number;
  span: number;
}

/**
 * A run of `span` empty cells in one row, searched from the bottom row up (or the top row down):
 * room for the legend where it covers no county nor a run already given (`besides`). Null when
 * the map is too full.
 */
export function freeRun(
  grid: TileGrid,
  span: number,
  from: "bottom" | "top" = "bottom",
  besides: readonly Run[] = [],
): Run | null {
  const taken = new Set(grid.tiles.map((t) => `${t.col},${t.row}`));
  for (const run of besides) {
    for (let k = 0; k < run.span; k += 1) taken.add(`${run.col + k},${run.row}`);
  }
  const rows = Array.from({ length: grid.rows }, (_, i) =>
    from === "top" ? i + 1 : grid.rows - i,
  );
  for (const row of rows) {
    for (let col = 1; col + span - 1 <= grid.cols; col += 1) {
      let free = true;
      for (let k = 0; k < span && free; k += 1) free = !taken.has(`${col + k},${row}`);
      if (free) return { col, row, span };
    }
  }
  return null;
}
