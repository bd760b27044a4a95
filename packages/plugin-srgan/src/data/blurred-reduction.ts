/**
 * LR images made as `blur` degrades them: the HR image blurred by a Gaussian of σ HR pixels, then
 * shrunk ×4 with bicubic and rounded to 8 bits (σ 0: the clean reduction of sr-images.ts).
 * Training crops draw σ per crop; validation images get fixed σ spread over [0, blur].
 */
import { Rng, type RgbPixels } from '@faceforge/core';
import { resizeBicubic } from './bicubic.js';
import { gaussianBlur } from './gaussian-blur.js';
import { cropPixels, toBytes, toFloat } from './pixels.js';
import { SCALE, type SrPair } from './sr-images.js';

/** σ of example `k` of `step`: uniform in [0, maxSigma], from its own seeded stream so the crops drawn do not change with blur. */
export function blurSigma(maxSigma: number, seed: number, step: number, k: number): number {
  return maxSigma > 0 ? Rng.for(seed, 'srgan-blur', step, k).uniform(0, maxSigma) : 0;
}

/** `hr` (sides multiples of 4) blurred by σ and shrunk ×4. */
export function blurredReduction(hr: RgbPixels, sigma: number): RgbPixels {
  return toBytes(resizeBicubic(gaussianBlur(toFloat(hr), sigma), hr.width / SCALE, hr.height / SCALE));
}

/**
 * The size×size LR window at (x, y) of `blurredReduction(hr, sigma)`, computed from the HR pixels
 * around it only: a margin covering the blur's and the bicubic kernel's reach (the same pixels up
 * to float rounding, at a fraction of the cost of degrading the whole image per crop).
 */
export function blurredLrWindow(hr: RgbPixels, x: number, y: number, size: number, sigma: number): RgbPixels {
  const margin = Math.ceil((2 * SCALE + Math.ceil(3 * sigma)) / SCALE) + 1;
  const x0 = Math.max(0, x - margin);
  const y0 = Math.max(0, y - margin);
  const x1 = Math.min(hr.width / SCALE, x + size + margin);
  const y1 = Math.min(hr.height / SCALE, y + size + margin);
  const window = cropPixels(hr, x0 * SCALE, y0 * SCALE, (x1 - x0) * SCALE, (y1 - y0) * SCALE);
  return cropPixels(blurredReduction(window, sigma), x - x0, y - y0, size, size);
}

/** Validation pairs with blurred LR images, σ of pair i = maxSigma·(i + ½)/n (deterministic; maxSigma 0: the pairs as they are). */
export function blurValidationPairs(pairs: readonly SrPair[], maxSigma: number): SrPair[] {
  if (maxSigma <= 0) return [...pairs];
  return pairs.map((pair, i) => ({ ...pair, lr: blurredReduction(pair.hr, (maxSigma * (i + 0.5)) / pairs.length) }));
}
