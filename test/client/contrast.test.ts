/** The wall's colours, read from app.css, meet WCAG AA (4.5:1 for text) on what they sit on. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const css = readFileSync(
  path.resolve(import.meta.dirname, "..", "..", "client", "src", "app.css"),
  "utf8",
);
const colours = new Map(
  [...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]] as const),
);

function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(foreground: string, background: string): number {
  const [a, b] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
}

const PAIRS: [string, string][] = [
  ["text", "bg"],
  ["text", "panel"],
  ["muted", "panel"],
  ["stale-text", "panel"],
  ["accent", "panel"],
  ["live", "panel"],
  ["warn", "panel"],
  ["warn-text", "warn"],
  ["danger-text", "danger"],
  ["sim-text", "sim"],
  ["sim-accent", "bg"],
];

describe("wall colours", () => {
  it.each(PAIRS)("--%s on --%s is at least 4.5:1", (foreground, background) => {
    const fg = colours.get(foreground);
    const bg = colours.get(background);
    expect(fg, `--${foreground} in app.css`).toBeDefined();
    expect(bg, `--${background} in app.css`).toBeDefined();
    expect(contrast(fg ?? "", bg ?? "")).toBeGreaterThanOrEqual(4.5);
  });
});
