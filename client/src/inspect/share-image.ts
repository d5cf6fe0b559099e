/**
 * The weekly account as one image for sharing: the heading and the headline sentences above the
 * chart, black on white. Drawn on a canvas (no data: URL is ever loaded: the page's CSP forbids
 * it) and handed over as a PNG file.
 */
import { WALL_FONT } from "../lib/fonts.ts";

const WIDTH = 1600;
const MARGIN = 48;

/** Lines of text wrapped to the width, in the canvas's current font. */
function wrap(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && context.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export function composeImage(
  heading: string,
  sentences: string[],
  chart: HTMLCanvasElement,
  rtl: boolean,
): HTMLCanvasElement {
  const measure = document.createElement("canvas").getContext("2d");
  if (!measure) throw new Error("no 2d canvas");
  measure.font = `400 30px ${WALL_FONT}`;
  const textWidth = WIDTH - 2 * MARGIN;
  const lines = sentences.flatMap((sentence) => wrap(measure, sentence, textWidth));
  const chartHeight = (chart.height / chart.width) * textWidth;
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = MARGIN + 56 + 24 + lines.length * 46 + 24 + chartHeight + MARGIN;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2d canvas");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "#111111";
  context.direction = rtl ? "rtl" : "ltr";
  context.textAlign = "start";
  context.textBaseline = "top";
  const x = rtl ? WIDTH - MARGIN : MARGIN;
  context.font = `700 44px ${WALL_FONT}`;
  context.fillText(heading, x, MARGIN);
  context.font = `400 30px ${WALL_FONT}`;
  let y = MARGIN + 56 + 24;
  for (const line of lines) {
    context.fillText(line, x, y);
    y += 46;
  }
  context.drawImage(chart, MARGIN, y + 24, textWidth, chartHeight);
  return canvas;
}

/** Offers the canvas as a PNG download under the given name. */
export function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): void {
  canvas.toBlob((blob) => {
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, "image/png");
}
