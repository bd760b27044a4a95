/** Small numeric helpers the harness asserts with. */
import type { Image } from '../data/image.js';

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Largest |a − b|; Infinity when the lengths differ. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(worst) ? Infinity : worst;
}

/** Largest |a − b| relative to max(|b|, floor). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor: number): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), floor);
    worst = Math.max(worst, Number.isNaN(error) ? Infinity : error);
  }
  return worst;
}

export function maxAbs(values: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(values[i]!));
  return worst;
}

/** The first value that is not finite or outside [low, high], or undefined when all are inside. */
export function outOfRange(values: ArrayLike<number>, low = 0, high = 1): { index: number; value: number } | undefined {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= low && v <= high)) return { index: i, value: v };
  }
  return undefined;
}

/** Share of pixels above `threshold` in a 1-channel image. */
export function coverage(mask: Image, threshold = 0.5): number {
  let on = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]! > threshold) on++;
  return on / mask.data.length;
}

/** Intersection over union of two 1-channel masks thresholded at `threshold` (1 when both are empty). */
export function intersectionOverUnion(a: Image, b: Image, threshold = 0.5): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]! > threshold;
    const y = b.data[i]! > threshold;
    if (x && y) both++;
    if (x || y) either++;
  }
  return either === 0 ? 1 : both / either;
}

export function sameImage(a: Image | undefined, b: Image | undefined): boolean {
  if (!a || !b) return a === b;
  return a.width === b.width && a.height === b.height && a.channels === b.channels && maxAbsDifference(a.data, b.data) === 0;
}

export function describeImage(image: Image): string {
  return `${image.width}×${image.height}×${image.channels}`;
}
