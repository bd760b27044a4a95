/**
 * Exponential moving average with bias correction (as in Adam): early values are not
 * dragged toward the first sample or toward zero. Non-finite inputs are skipped
 * (they come out as NaN) so one diverged batch does not poison the rest of the curve.
 */
export function exponentialMovingAverage(values: readonly number[], beta: number): number[] {
  if (!(beta >= 0 && beta < 1)) throw new RangeError(`EMA beta must be in [0, 1), got ${beta}`);
  const out: number[] = [];
  let avg = 0;
  let weight = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(NaN);
      continue;
    }
    avg = beta * avg + (1 - beta) * v;
    weight = beta * weight + (1 - beta);
    out.push(avg / weight);
  }
  return out;
}

/** A smoothing that scales with history length: an averaging window of ~1/40 of the points, at least 1, at most 1000. */
export function autoSmoothing(points: number): number {
  const window = Math.min(1000, Math.max(1, points / 40));
  return 1 - 1 / window;
}
