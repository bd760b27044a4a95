/**
 * The loss graph's second panel: identity validation over iterations (validate/). face-api
 * distances of the swapped held-out A faces to B's and to A's mean descriptor, the control (A
 * through its own decoder) to B's mean, and face-api's "same person" line at 0.6. A swap has
 * become person B where its line to B drops under its line to A.
 */
import { createCanvas, drawLine, fillRect, strokePolyline, type Canvas, type Rgb } from './canvas.js';
import { drawText, type TextItem, type TextRenderer } from './text.js';
import { drawLegend, type LegendEntry } from './legend.js';
import { formatIteration, formatLoss, niceStep, ticksInRange } from './ticks.js';
import type { ValidationRecord } from '../validate/validation-record.js';

const COLOR_A: Rgb = [31, 119, 180];
const COLOR_B: Rgb = [255, 127, 14];
const AXIS: Rgb = [40, 40, 40];
const GRID: Rgb = [225, 225, 225];
const TEXT: Rgb = [20, 20, 20];
const THRESHOLD: Rgb = [150, 150, 150];
/** face-api's usual threshold between people. */
const SAME_PERSON = 0.6;

export interface ValidationPanelLayout {
  width: number;
  height: number;
  /** The loss panel's plot edges, so both panels share the x axis. */
  left: number;
  right: number;
  xMin: number;
  xMax: number;
  xTicks: number[];
  font: number;
  renderer: TextRenderer;
}

export const VALIDATION_SERIES = [
  { label: 'A>B swap: distance to B', color: COLOR_B, dash: undefined, value: (r: ValidationRecord) => r.aToB.toB },
  { label: 'A>B swap: distance to A', color: COLOR_A, dash: undefined, value: (r: ValidationRecord) => r.aToB.toA },
  { label: 'control A>A: distance to B', color: COLOR_B, dash: [5, 4], value: (r: ValidationRecord) => r.aToA.toB },
] as const;

export async function drawValidationPanel(records: readonly ValidationRecord[], o: ValidationPanelLayout): Promise<Canvas> {
  const canvas = createCanvas(o.width, o.height);
  const text: TextItem[] = [];
  const top = Math.round(o.font * 2.6);
  const bottom = o.height - Math.round(o.font * 3.2);
  const sorted = [...records].sort((p, q) => p.iteration - q.iteration);
  const values = sorted.flatMap((r) => VALIDATION_SERIES.map((s) => s.value(r))).filter(Number.isFinite);
  let yLo = Math.min(SAME_PERSON, ...values);
  let yHi = Math.max(SAME_PERSON, ...values);
  const step = niceStep(Math.max(0.05, yHi - yLo), 5);
  yLo = Math.floor(yLo / step) * step;
  yHi = Math.ceil(yHi / step) * step;
  const x = (v: number) => o.left + ((v - o.xMin) / (o.xMax - o.xMin || 1)) * (o.right - o.left);
  const y = (v: number) => bottom - ((v - yLo) / (yHi - yLo)) * (bottom - top);
  const plot = { x0: o.left, y0: top, x1: o.right + 1, y1: bottom + 1 };

  for (const v of ticksInRange(yLo, yHi, step)) {
    const py = Math.round(y(v));
    drawLine(canvas, o.left, py, o.right, py, GRID);
    drawLine(canvas, o.left - 5, py, o.left - 1, py, AXIS);
    text.push({ text: formatLoss(v, step), x: o.left - 8, y: py - o.font / 2, size: o.font, anchor: 'end', color: TEXT });
  }
  for (const v of o.xTicks) {
    const px = Math.round(x(v));
    drawLine(canvas, px, top, px, bottom, GRID);
    drawLine(canvas, px, bottom + 1, px, bottom + 5, AXIS);
    text.push({ text: formatIteration(v), x: px, y: bottom + 8, size: o.font, anchor: 'middle', color: TEXT });
  }
  const threshold = Math.round(y(SAME_PERSON));
  drawLine(canvas, o.left, threshold, o.right, threshold, THRESHOLD, { dash: [2, 3] });
  text.push({ text: `same person < ${SAME_PERSON}`, x: o.left + 6, y: threshold - o.font - 2, size: o.font, color: THRESHOLD });
  for (const series of VALIDATION_SERIES) {
    const points = sorted.map((r): [number, number] => [x(r.iteration), y(series.value(r))]).filter(([, py]) => Number.isFinite(py));
    if (points.length > 1) strokePolyline(canvas, points, series.color, { width: 2, clip: plot, ...(series.dash ? { dash: [...series.dash] } : {}) });
    // a mark per pass: there are few of them
    for (const [px, py] of points) if (px >= o.left && px <= o.right) fillRect(canvas, Math.round(px) - 2, Math.round(py) - 2, 5, 5, series.color);
  }
  drawLine(canvas, o.left, top, o.left, bottom, AXIS);
  drawLine(canvas, o.left, bottom, o.right, bottom, AXIS);
  const last = sorted.at(-1);
  const title = last
    ? `Identity by face-api distance: A>B nearer B than A for ${Math.round(last.aToB.nearerB * 100)}% at ${formatIteration(last.iteration)}`
    : 'Identity by face-api distance';
  text.push({ text: title, x: o.width / 2, y: o.font * 0.6, size: o.font, anchor: 'middle', bold: true, color: TEXT });
  text.push({ text: 'Iterations', x: (o.left + o.right) / 2, y: bottom + o.font * 1.9, size: o.font, anchor: 'middle', color: TEXT });

  const entries = VALIDATION_SERIES.map((s): LegendEntry => ({ label: s.label, draw: (x, y, w) => drawLine(canvas, x, y, x + w, y, s.color, { width: 2, ...(s.dash ? { dash: [...s.dash] } : {}) }) }));
  drawLegend(canvas, text, entries, { right: o.right, top, font: o.font, renderer: o.renderer, color: TEXT });
  await drawText(canvas, text, o.renderer);
  return canvas;
}

/** One canvas above the other (same width). */
export function stackCanvases(upper: Canvas, lower: Canvas): Canvas {
  if (upper.width !== lower.width) throw new RangeError(`stacked canvases differ in width: ${upper.width} and ${lower.width}`);
  const out = createCanvas(upper.width, upper.height + lower.height);
  out.data.set(upper.data, 0);
  out.data.set(lower.data, upper.data.length);
  return out;
}
