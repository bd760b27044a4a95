import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';
import { gaussianKernel } from './gaussian-kernel.js';
import { padToEven } from './padding.js';
import { ssimComponents } from './ssim-components.js';

/** Per-scale exponents from the MS-SSIM paper; index 0 is full resolution. */
export const MS_SSIM_POWER_FACTORS = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333] as const;
export const MS_SSIM_WINDOW = 11;
export const MS_SSIM_SIGMA = 1.5;
/** Below this the 11 px window no longer fits the coarsest scale and is shrunk. */
export const MS_SSIM_FULL_WINDOW_SIZE = MS_SSIM_WINDOW * 2 ** (MS_SSIM_POWER_FACTORS.length - 1);
/** The coarsest scale is 1/16 of the input and needs at least a 2×2 window. */
export const MS_SSIM_MIN_SIZE = 2 * 2 ** (MS_SSIM_POWER_FACTORS.length - 1);

// Keeps pow() away from 0, where the gradient of x^w (w<1) is infinite.
const FLOOR = 1e-6;
const warnedSizes = new Set<number>();

/** Window size used for an input whose smaller side is `size` (shrinks below 176 px). */
export function msSsimWindowSize(size: number): number {
  if (size < MS_SSIM_MIN_SIZE) {
    throw new Error(
      `ms_ssim needs images of at least ${MS_SSIM_MIN_SIZE}×${MS_SSIM_MIN_SIZE} px (got a side of ${size}): ` +
        `its 5th scale is 1/16 of the input and needs a 2×2 window`,
    );
  }
  const smallestScale = Math.floor(size / 2 ** (MS_SSIM_POWER_FACTORS.length - 1));
  return Math.min(MS_SSIM_WINDOW, smallestScale);
}

export const msSsimLoss: LossFunction = {
  name: 'ms_ssim',
  spatial: false,
  description: '1 − multi-scale SSIM over 5 scales (2× average pooling between scales).',
  compute: (yTrue, yPred) =>
    tf.tidy(() => {
      const size = Math.min(yTrue.shape[1], yTrue.shape[2]);
      const windowSize = msSsimWindowSize(size);
      if (windowSize < MS_SSIM_WINDOW && !warnedSizes.has(size)) {
        warnedSizes.add(size);
        process.emitWarning(
          `ms_ssim: ${size} px is below ${MS_SSIM_FULL_WINDOW_SIZE} px, window shrunk to ${windowSize}×${windowSize}`,
        );
      }
      const window = gaussianKernel(windowSize, MS_SSIM_SIGMA);
      let x = yTrue;
      let y = yPred;
      let product: tf.Tensor | undefined;
      MS_SSIM_POWER_FACTORS.forEach((power, scale) => {
        if (scale > 0) {
          x = tf.avgPool(padToEven(x), 2, 2, 'valid');
          y = tf.avgPool(padToEven(y), 2, 2, 'valid');
        }
        const { luminance, contrastStructure } = ssimComponents(x, y, window);
        // Coarser scales contribute contrast-structure only; the last adds luminance too.
        const isLast = scale === MS_SSIM_POWER_FACTORS.length - 1;
        const term = tf.mean(isLast ? tf.mul(luminance, contrastStructure) : contrastStructure, [1, 2]);
        const weighted = tf.pow(tf.maximum(term, FLOOR), power);
        product = product === undefined ? weighted : tf.mul(product, weighted);
      });
      return tf.sub(1, tf.mean(product as tf.Tensor, 1));
    }),
};
