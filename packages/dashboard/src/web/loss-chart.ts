/**
 * The live loss graph: per side, faint raw losses under a bold EMA, on a log axis, as `faceforge
 * analyze` draws loss_graph.png. The smoothing is core's own (monitor/ema.ts, served to the page),
 * so the curves match the PNG's. Points arrive from state.json and then one per step from the
 * trainer's hooks; the canvas redraws at most once per animation frame.
 */
import { autoSmoothing, exponentialMovingAverage } from '@faceforge/core/monitor/ema';
import type { LossPoint } from './api.js';

const COLOR_A = '#1f77b4';
const COLOR_B = '#ff7f0e';

export class LossChart {
  readonly canvas: HTMLCanvasElement;
  private points: LossPoint[] = [];
  private sessions: number[] = [];
  private pending = false;

  constructor() {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'loss-chart';
    this.canvas.dataset.points = '0';
    new ResizeObserver(() => this.schedule()).observe(this.canvas);
  }

  /**
   * The history as state.json holds it (up to the last save). While a run is live, the steps the
   * hooks reported after that save are kept, so a refresh never opens a gap at the end.
   */
  set(points: LossPoint[], sessionStarts: number[], keepLive = false): void {
    const sorted = points.slice().sort((p, q) => p.iteration - q.iteration);
    const saved = sorted.at(-1)?.iteration ?? -Infinity;
    this.points = keepLive ? [...sorted, ...this.points.filter((p) => p.iteration > saved)] : sorted;
    this.sessions = sessionStarts;
    this.schedule();
  }

  /** One step's losses from the trainer's hooks (ignored when state.json already had it). */
  add(point: LossPoint): void {
    const last = this.points.at(-1);
    if (last && point.iteration <= last.iteration) return;
    this.points.push(point);
    this.schedule();
  }

  private schedule(): void {
    this.canvas.dataset.points = String(this.points.length);
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  private draw(): void {
    const ratio = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth || 600;
    const height = this.canvas.clientHeight || 320;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const g = this.canvas.getContext('2d')!;
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    g.font = '12px system-ui, sans-serif';
    const usable = (v: number) => (Number.isFinite(v) && v > 0 ? v : NaN);
    const rawA = this.points.map((p) => usable(p.a));
    const rawB = this.points.map((p) => usable(p.b));
    const beta = autoSmoothing(this.points.length);
    const emaA = exponentialMovingAverage(rawA, beta);
    const emaB = exponentialMovingAverage(rawB, beta);
    const left = 60;
    const right = width - 14;
    const top = 14;
    const bottom = height - 34;
    g.strokeStyle = '#222';
    g.beginPath();
    g.moveTo(left, top);
    g.lineTo(left, bottom);
    g.lineTo(right, bottom);
    g.stroke();
    const values = [...rawA, ...rawB].filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
    if (values.length === 0) {
      g.fillStyle = '#888';
      g.textAlign = 'center';
      g.fillText('No data yet', (left + right) / 2, (top + bottom) / 2);
      return;
    }
    // As analyze: clip rare spikes at the 99th percentile, but never below the EMA.
    const emaMax = Math.max(...[...emaA, ...emaB].filter((v) => !Number.isNaN(v)));
    let lo = Math.log10(values[0]!);
    let hi = Math.log10(Math.max(values[Math.floor((values.length - 1) * 0.99)]!, emaMax));
    lo = Math.floor(lo * 4) / 4;
    hi = Math.ceil(hi * 4) / 4;
    if (hi <= lo) hi = lo + 0.25;
    const x0 = this.points[0]!.iteration;
    const x1 = Math.max(this.points.at(-1)!.iteration, x0 + 1);
    const px = (it: number) => left + ((it - x0) / (x1 - x0)) * (right - left);
    const py = (v: number) => bottom - ((Math.log10(v) - lo) / (hi - lo)) * (bottom - top);

    g.fillStyle = '#333';
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let e = Math.ceil(lo * 4) / 4; e <= hi + 1e-9; e += 0.25) {
      const y = py(10 ** e);
      g.strokeStyle = Number.isInteger(e) ? '#ccc' : '#eee';
      g.beginPath();
      g.moveTo(left, y);
      g.lineTo(right, y);
      g.stroke();
      g.fillText(formatTick(10 ** e), left - 6, y);
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const it of niceTicks(x0, x1, Math.max(2, Math.floor((right - left) / 90)))) {
      g.fillText(it.toLocaleString(), px(it), bottom + 6);
    }
    g.fillText('iterations', (left + right) / 2, bottom + 20);

    g.setLineDash([5, 4]);
    g.strokeStyle = '#888';
    for (const s of this.sessions.filter((s) => s > x0 && s < x1)) {
      g.beginPath();
      g.moveTo(px(s), top);
      g.lineTo(px(s), bottom);
      g.stroke();
    }
    g.setLineDash([]);

    g.save();
    g.beginPath();
    g.rect(left, top, right - left, bottom - top);
    g.clip();
    const line = (series: number[], color: string, width: number, alpha: number) => {
      g.strokeStyle = color;
      g.globalAlpha = alpha;
      g.lineWidth = width;
      g.beginPath();
      let open = false;
      series.forEach((v, i) => {
        if (Number.isNaN(v)) {
          open = false;
          return;
        }
        const [x, y] = [px(this.points[i]!.iteration), py(v)];
        if (open) g.lineTo(x, y);
        else g.moveTo(x, y);
        open = true;
      });
      g.stroke();
    };
    line(rawA, COLOR_A, 1, 0.3);
    line(rawB, COLOR_B, 1, 0.3);
    line(emaA, COLOR_A, 2.5, 1);
    line(emaB, COLOR_B, 2.5, 1);
    g.restore();
    g.globalAlpha = 1;
    g.textAlign = 'left';
    g.textBaseline = 'middle';
    [['A (EMA)', COLOR_A], ['B (EMA)', COLOR_B]].forEach(([label, color], i) => {
      g.fillStyle = color!;
      g.fillRect(right - 90, top + 8 + i * 16, 18, 3);
      g.fillStyle = '#222';
      g.fillText(label!, right - 66, top + 9 + i * 16);
    });
  }
}

function formatTick(v: number): string {
  return v >= 1 ? v.toPrecision(2).replace(/\.0+$/, '') : v.toPrecision(2);
}

function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
  return ticks;
}
