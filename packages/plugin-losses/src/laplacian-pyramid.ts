import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';
import { filterPerChannel } from './channel-filter.js';
import { gaussianKernel } from './gaussian-kernel.js';
import { replicatePad } from './padding.js';

export const LAPLACIAN_LEVELS = 5;
export const LAPLACIAN_GAUSSIAN_SIZE = 5;
export const LAPLACIAN_GAUSSIAN_SIGMA = 1;
/** Each level halves the image, the residual after the last must still be ≥ 1 px. */
export const LAPLACIAN_MIN_SIZE = 2 ** LAPLACIAN_LEVELS;

/** Band-pass levels (image − blur) at each scale plus the final low-pass residual. */
export function laplacianPyramid(images: tf.Tensor4D): tf.Tensor4D[] {
  const [, h, w] = images.shape;
  if (Math.min(h, w) < LAPLACIAN_MIN_SIZE) {
    throw new Error(`laploss needs images of at least ${LAPLACIAN_MIN_SIZE}×${LAPLACIAN_MIN_SIZE} px (got ${h}×${w})`);
  }
  const kernel = gaussianKernel(LAPLACIAN_GAUSSIAN_SIZE, LAPLACIAN_GAUSSIAN_SIGMA);
  const pad = Math.floor(LAPLACIAN_GAUSSIAN_SIZE / 2);
  const levels: tf.Tensor4D[] = [];
  let current = images;
  for (let level = 0; level < LAPLACIAN_LEVELS; level++) {
    const blurred = filterPerChannel(replicatePad(current, pad), kernel);
    levels.push(tf.sub(current, blurred));
    current = tf.avgPool(blurred, 2, 2, 'valid');
  }
  levels.push(current);
  return levels;
}

export const laplacianPyramidLoss: LossFunction = {
  name: 'laploss',
  spatial: true,
  description: 'L1 between Laplacian pyramid levels, level i weighted 2^(−2i), upsampled and summed.',
  compute: (yTrue, yPred) =>
    tf.tidy(() => {
      const [, h, w] = yTrue.shape;
      const levelsTrue = laplacianPyramid(yTrue);
      const levelsPred = laplacianPyramid(yPred);
      const maps = levelsTrue.map((levelTrue, level) => {
        const difference = tf.abs(tf.sub(levelsPred[level], levelTrue)) as tf.Tensor4D;
        // half-pixel centres match torch's bilinear interpolate(align_corners=False)
        const fullSize = level === 0 ? difference : tf.image.resizeBilinear(difference, [h, w], false, true);
        return tf.mul(fullSize, 2 ** (-2 * level));
      });
      return tf.addN(maps);
    }),
};
