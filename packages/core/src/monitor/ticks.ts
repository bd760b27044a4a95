/** Axis tick helpers for the loss graph. */

/** A "nice" step (1, 2 or 5 × 10^k) giving about `target` intervals over `range`. */
export function niceStep(range: number, target = 6): number {
  if (!(range > 0)) return 1;
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const mult = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
  return mult * mag;
}

/** Multiples of `step` within [min, max] (with a little float tolerance). */
export function ticksInRange(min: number, max: number, step: number): number[] {
  const out: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let k = first; k * step <= max + step * 1e-9; k++) out.push(roundTo(k * step, step));
  return out;
}

/** Removes float noise like 0.30000000000000004 relative to the step size. */
function roundTo(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(v.toFixed(Math.min(20, decimals)));
}

/** Tick multipliers per decade: denser when the range spans few decades, so there are always a few labels. */
function logMultipliers(min: number, max: number): number[] {
  const decades = Math.log10(max / min);
  return decades < 1.2 ? [1, 1.5, 2, 3, 5, 7] : decades < 3 ? [1, 2, 5] : [1];
}

/** The candidate ticks m × 10^e covering [min, max] padded by one decade each side, ascending. */
function logCandidates(min: number, max: number): number[] {
  const mults = logMultipliers(min, max);
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)) - 1; e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of mults) out.push(Number((m * 10 ** e).toPrecision(6)));
  }
  return out;
}

/** Widens a positive range outward to the nearest log ticks, so both ends carry a label. */
export function logBounds(min: number, max: number): [number, number] {
  const c = logCandidates(min, max);
  const lo = c.filter((v) => v <= min * (1 + 1e-9)).pop() ?? min;
  const hi = c.find((v) => v >= max * (1 - 1e-9)) ?? max;
  return [lo, hi];
}

/** Log-scale ticks within [min, max]: powers of ten, with intermediate multiples over short ranges. */
export function logTicks(min: number, max: number): number[] {
  return logCandidates(min, max).filter((v) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9));
}

/** Iteration labels: 950, 12K, 1.5M. */
export function formatIteration(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${trim(v / 1e6)}M`;
  if (abs >= 1e4) return `${trim(v / 1e3)}K`;
  return trim(v);
}

/** Loss labels with as many decimals as the tick step needs; exponent form for tiny values. */
export function formatLoss(v: number, step: number): string {
  if (v === 0) return '0';
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  if (decimals > 5) return v.toExponential(0).replace('e', 'E');
  return v.toFixed(decimals);
}

function trim(v: number): string {
  return String(Number(v.toFixed(3)));
}

/** Log-axis labels: the tick's own significant digits (0.15, 0.2, 3), exponent form outside 1e-4..1e5. */
export function formatLogTick(v: number): string {
  if (v >= 1e-4 && v < 1e5) return String(Number(v.toPrecision(3)));
  return v.toExponential(0).replace('e', 'E');
}
