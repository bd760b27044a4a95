import { createCanvas, drawLine, encodePng, strokePolyline, type Canvas, type Rgb } from './canvas.js';
import { autoSmoothing, exponentialMovingAverage } from './ema.js';
import { BITMAP_READABLE_SIZE, drawText, textRenderer, textWidth, type TextItem, type TextRenderer } from './text.js';
import type { ValidationRecord } from '../validate/validation-record.js';
import { drawValidationPanel, stackCanvases } from './validation-panel.js';
import { drawLegend, type LegendEntry } from './legend.js';
import { formatIteration, formatLogTick, formatLoss, logBounds, logTicks, niceStep, ticksInRange } from './ticks.js';

export interface LossPoint {
  iteration: number;
  a: number;
  b: number;
}

export interface LossGraphOptions {
  /** Iterations at which a training session began; drawn as dashed vertical lines. */
  sessions?: number[];
  width?: number;
  height?: number;
  title?: string;
  /** Logarithmic loss axis (non-positive losses are then left out). Default false. */
  logScale?: boolean;
  /** EMA beta in [0, 1); default scales with the history length (see autoSmoothing). */
  smoothing?: number;
  /** Force a text renderer (tests); default: auto-detected. */
  textRenderer?: TextRenderer;
  /** Identity validation passes: drawn in a second panel under the loss, on the same iteration axis. */
  validation?: readonly ValidationRecord[];
}

/** Series colours (matplotlib's first two, which faceswap's graphs use too). */
export const COLOR_A: Rgb = [31, 119, 180];
export const COLOR_B: Rgb = [255, 127, 14];
export const RAW_ALPHA = 0.3;
const AXIS: Rgb = [40, 40, 40];
const GRID: Rgb = [225, 225, 225];
const SESSION: Rgb = [120, 120, 120];
const TEXT: Rgb = [20, 20, 20];

interface Scale {
  toPx(v: number): number;
  ticks: number[];
  label(v: number): string;
}

/**
 * Renders the loss history as a PNG: faint raw A/B lines, bold EMA lines over them,
 * tick-labelled axes, a legend, and dashed lines where sessions started.
 */
export async function renderLossGraph(history: LossPoint[], options: LossGraphOptions = {}): Promise<Buffer> {
  const width = Math.round(options.width ?? 800);
  const height = Math.round(options.height ?? 400);
  if (width < 160 || height < 120) throw new RangeError(`loss graph must be at least 160x120, got ${width}x${height}`);
  const renderer = options.textRenderer ?? (await textRenderer());
  const log = options.logScale ?? false;
  const svgFont = Math.max(11, Math.min(16, Math.round(height / 28)));
  const font = renderer === 'bitmap' ? Math.max(svgFont, BITMAP_READABLE_SIZE) : svgFont;

  const points = history.filter((p) => Number.isFinite(p.iteration)).sort((p, q) => p.iteration - q.iteration);
  const beta = options.smoothing ?? autoSmoothing(points.length);
  const usable = (v: number): number => (Number.isFinite(v) && (!log || v > 0) ? v : NaN);
  const rawA = points.map((p) => usable(p.a));
  const rawB = points.map((p) => usable(p.b));
  const emaA = exponentialMovingAverage(rawA, beta);
  const emaB = exponentialMovingAverage(rawB, beta);

  // X range: the data's iterations (session marks outside it are not drawn).
  let xMin = points.length ? points[0].iteration : 0;
  let xMax = points.length ? points[points.length - 1].iteration : 1;
  if (xMax <= xMin) xMax = xMin + 1;

  // Y range: clip rare spikes (first iterations, a diverged batch) at the 99th percentile of raw
  // values, but never below the EMA, so the part people read is not squashed flat.
  const raw = [...rawA, ...rawB].filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
  const ema = [...emaA, ...emaB].filter((v) => !Number.isNaN(v));
  let yLo = raw.length ? raw[0] : log ? 0.01 : 0;
  let yHi = raw.length ? Math.max(raw[Math.floor((raw.length - 1) * 0.99)], ...ema) : log ? 1 : 1;
  if (yHi <= yLo) {
    const pad = yLo === 0 ? 1 : Math.abs(yLo) * 0.1;
    yLo = log ? yLo / 2 : yLo - pad;
    yHi = log ? yHi * 2 : yHi + pad;
  }

  const yStep = niceStep(yHi - yLo, 5);
  if (log) [yLo, yHi] = logBounds(yLo, yHi);
  else {
    yLo = Math.floor(yLo / yStep) * yStep;
    yHi = Math.ceil(yHi / yStep) * yStep;
  }
  const yTicks = log ? logTicks(yLo, yHi) : ticksInRange(yLo, yHi, yStep);
  const yLabel = (v: number): string => (log ? formatLogTick(v) : formatLoss(v, yStep));
  const labelWidth = Math.max(...yTicks.map((v) => textWidth(yLabel(v), font, renderer)), textWidth('Loss', font, renderer));

  const left = labelWidth + 14;
  // Room for half of the last x label, which is centred on the plot's right edge.
  const right = width - Math.max(16, Math.ceil(textWidth(formatIteration(xMax), font, renderer) / 2) + 6);
  const top = Math.round(options.title ? font * 2.6 : font * 1.8);
  const bottom = height - Math.round(font * 3.2);
  const plot = { x0: left, y0: top, x1: right + 1, y1: bottom + 1 };

  const xScale: Scale = {
    toPx: (v) => left + ((v - xMin) / (xMax - xMin)) * (right - left),
    ticks: ticksInRange(xMin, xMax, Math.max(1, niceStep(xMax - xMin, Math.max(2, Math.floor((right - left) / 90))))),
    label: formatIteration,
  };
  const [lLo, lHi] = log ? [Math.log10(yLo), Math.log10(yHi)] : [yLo, yHi];
  const yScale: Scale = {
    toPx: (v) => bottom - (((log ? Math.log10(v) : v) - lLo) / (lHi - lLo)) * (bottom - top),
    ticks: yTicks,
    label: yLabel,
  };

  const canvas = createCanvas(width, height);
  const text: TextItem[] = [];

  // Grid and ticks.
  for (const v of yScale.ticks) {
    const y = Math.round(yScale.toPx(v));
    drawLine(canvas, left, y, right, y, GRID);
    drawLine(canvas, left - 5, y, left - 1, y, AXIS);
    text.push({ text: yScale.label(v), x: left - 8, y: y - font / 2, size: font, anchor: 'end', color: TEXT });
  }
  for (const v of xScale.ticks) {
    const x = Math.round(xScale.toPx(v));
    drawLine(canvas, x, top, x, bottom, GRID);
    drawLine(canvas, x, bottom + 1, x, bottom + 5, AXIS);
    text.push({ text: xScale.label(v), x, y: bottom + 8, size: font, anchor: 'middle', color: TEXT });
  }

  // Series: both raw lines first, so neither EMA is hidden under the other side's noise.
  const line = (values: number[]): [number, number][][] => polylines(points, values, xScale, yScale);
  for (const [values, color] of [[rawA, COLOR_A], [rawB, COLOR_B]] as const) {
    for (const pl of line(values)) strokePolyline(canvas, pl, color, { alpha: RAW_ALPHA, clip: plot });
  }
  for (const [values, color] of [[emaA, COLOR_A], [emaB, COLOR_B]] as const) {
    for (const pl of line(values)) strokePolyline(canvas, pl, color, { width: 3, clip: plot });
  }

  // Session starts (the first session starting at the first point adds nothing, but is harmless).
  const sessions = (options.sessions ?? []).filter((s) => s >= xMin && s <= xMax);
  for (const s of sessions) {
    const x = Math.round(xScale.toPx(s));
    drawLine(canvas, x, top, x, bottom, SESSION, { dash: [6, 4], width: 1 });
  }

  // Axes on top of everything in the plot.
  drawLine(canvas, left, top, left, bottom, AXIS);
  drawLine(canvas, left, bottom, right, bottom, AXIS);

  if (options.title) text.push({ text: options.title, x: width / 2, y: font * 0.6, size: Math.round(font * 1.2), anchor: 'middle', bold: true, color: TEXT });
  text.push({ text: log ? 'Loss (log)' : 'Loss', x: left, y: top - font * 1.5, size: font, anchor: 'middle', color: TEXT });
  text.push({ text: 'Iterations', x: (left + right) / 2, y: bottom + font * 1.9, size: font, anchor: 'middle', color: TEXT });
  if (points.length === 0) text.push({ text: 'No data yet', x: (left + right) / 2, y: (top + bottom) / 2 - font, size: font * 2, anchor: 'middle', color: SESSION });

  lossLegend(canvas, text, { right, top, font, renderer, sessions: sessions.length > 0 });
  await drawText(canvas, text, renderer);
  if (!options.validation?.length) return encodePng(canvas);
  const panel = await drawValidationPanel(options.validation, {
    width, height: Math.round(height * 0.8), left, right, xMin, xMax, xTicks: xScale.ticks, font, renderer,
  });
  return encodePng(stackCanvases(canvas, panel));
}

/** Splits a series into polylines at missing (NaN) values. */
function polylines(points: readonly LossPoint[], values: readonly number[], x: Scale, y: Scale): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  values.forEach((v, i) => {
    if (Number.isNaN(v)) {
      if (cur.length) out.push(cur);
      cur = [];
      return;
    }
    cur.push([x.toPx(points[i].iteration), y.toPx(v)]);
  });
  if (cur.length) out.push(cur);
  return out;
}

function lossLegend(canvas: Canvas, text: TextItem[], o: { right: number; top: number; font: number; renderer: TextRenderer; sessions: boolean }): void {
  const entries: LegendEntry[] = [
    { label: 'A (EMA)', draw: (x, y, w) => drawLine(canvas, x, y, x + w, y, COLOR_A, { width: 3 }) },
    { label: 'A (raw)', draw: (x, y, w) => drawLine(canvas, x, y, x + w, y, COLOR_A, { width: 2, alpha: RAW_ALPHA }) },
    { label: 'B (EMA)', draw: (x, y, w) => drawLine(canvas, x, y, x + w, y, COLOR_B, { width: 3 }) },
    { label: 'B (raw)', draw: (x, y, w) => drawLine(canvas, x, y, x + w, y, COLOR_B, { width: 2, alpha: RAW_ALPHA }) },
  ];
  if (o.sessions) entries.push({ label: 'Session start', draw: (x, y, w) => drawLine(canvas, x, y, x + w, y, SESSION, { dash: [4, 3] }) });
  drawLegend(canvas, text, entries, { ...o, color: TEXT });
}
