/**
 * How this screen shows the wall, read once from the page's address: a kiosk (a wall screen
 * nobody touches: no controls, no cursor), which page to start on, and whether to rotate between
 * pages. Display tokens for kiosks come with the access work that follows.
 */
export const PAGES = ["counties", "today"] as const;
export type Page = (typeof PAGES)[number];

export interface DisplayOptions {
  kiosk: boolean;
  /** The page shown first. */
  page: Page;
  /** Seconds per page when rotating; null when the page stays put. */
  rotateSec: number | null;
}

/** Below this a page is gone before it can be read from across the room. */
export const MIN_ROTATE_SEC = 5;
const MAX_ROTATE_SEC = 3600;

const truthy = (value: string | null): boolean =>
  value !== null && ["", "1", "true", "yes"].includes(value.toLowerCase());

export function displayOptions(search: string): DisplayOptions {
  const query = new URLSearchParams(search);
  const page = query.get("page");
  const rotate = Number(query.get("rotate"));
  return {
    kiosk: truthy(query.get("kiosk")),
    page: PAGES.find((p) => p === page) ?? "counties",
    rotateSec:
      query.has("rotate") && Number.isFinite(rotate) && rotate > 0
        ? Math.min(MAX_ROTATE_SEC, Math.max(MIN_ROTATE_SEC, Math.round(rotate)))
        : null,
  };
}

/** The page after (step 1) or before (step -1) this one, round the ring. */
export function nextPage(page: Page, step: 1 | -1 = 1): Page {
  const index = PAGES.indexOf(page);
  return PAGES[(index + step + PAGES.length) % PAGES.length] ?? "counties";
}
