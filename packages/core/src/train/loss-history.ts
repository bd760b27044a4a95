/**
 * Per-iteration losses, kept bounded: past MAX_POINTS, neighbouring points are merged pairwise
 * (halving the resolution of old history), so days of training keep a small state.json.
 */
import type { LossPoint } from './model-state.js';

const MAX_POINTS = 20000;

export function appendLoss(history: LossPoint[], point: LossPoint): void {
  history.push(point);
  if (history.length <= MAX_POINTS) return;
  const merged: LossPoint[] = [];
  for (let i = 0; i + 1 < history.length; i += 2) {
    const [p, q] = [history[i]!, history[i + 1]!];
    merged.push({ iteration: q.iteration, a: (p.a + q.a) / 2, b: (p.b + q.b) / 2 });
  }
  if (history.length % 2 === 1) merged.push(history[history.length - 1]!);
  history.splice(0, history.length, ...merged);
}
