/**
 * The legend box of the monitor's graphs (loss and validation panels): a white box at the top right
 * of the plot, one row per entry with its line swatch and label. One rounding rule: each row's
 * centre is a whole pixel, for the swatch and its label alike.
 */
import { fillRect, strokePolyline, type Canvas, type Rgb } from './canvas.js';
import { textWidth, type TextItem, type TextRenderer } from './text.js';

export interface LegendEntry {
  label: string;
  /** Draws the entry's swatch: a line from (x, y) to (x + width, y). */
  draw: (x: number, y: number, width: number) => void;
}

const BOX_FILL: Rgb = [255, 255, 255];
const BOX_EDGE: Rgb = [190, 190, 190];

/** Draws the box and swatches on `canvas`; the labels go into `text`, drawn with the graph's other text. */
export function drawLegend(
  canvas: Canvas,
  text: TextItem[],
  entries: readonly LegendEntry[],
  o: { right: number; top: number; font: number; renderer: TextRenderer; color: Rgb },
): void {
  const lineH = Math.round(o.font * 1.4);
  const swatch = Math.round(o.font * 1.8);
  const labelW = Math.max(...entries.map((e) => textWidth(e.label, o.font, o.renderer)));
  const boxW = 8 + swatch + 6 + labelW + 8;
  const boxH = entries.length * lineH + 8;
  const bx = o.right - boxW - 6;
  const by = o.top + 6;
  fillRect(canvas, bx, by, boxW, boxH, BOX_FILL, 0.9);
  strokePolyline(canvas, [[bx, by], [bx + boxW, by], [bx + boxW, by + boxH], [bx, by + boxH], [bx, by]], BOX_EDGE);
  entries.forEach((e, i) => {
    const cy = Math.round(by + 4 + i * lineH + lineH / 2);
    e.draw(bx + 8, cy, swatch);
    text.push({ text: e.label, x: bx + 8 + swatch + 6, y: cy - o.font / 2, size: o.font, color: o.color });
  });
}
