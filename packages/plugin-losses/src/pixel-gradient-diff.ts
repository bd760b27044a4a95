import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';
import { generalizedLoss } from './generalized-loss.js';
import { replicatePad } from './padding.js';

export const GRADIENT_LOSS_ALPHA = 1.9999;
export const GRADIENT_LOSS_BETA = 1 / 255;
const TV_WEIGHT = 1;
const TV2_WEIGHT = 1;

export interface ImageDerivatives {
  dx: tf.Tensor4D;
  dy: tf.Tensor4D;
  dxx: tf.Tensor4D;
  dyy: tf.Tensor4D;
  dxy: tf.Tensor4D;
}

/**
 * Central finite differences with edges replicated, which reproduces faceswap's one-sided
 * differences at the borders (e.g. dx at x=0 is (f[1] − f[0]) / 2).
 */
export function imageDerivatives(images: tf.Tensor4D): ImageDerivatives {
  const [n, h, w, c] = images.shape;
  const padded = replicatePad(images, 1);
  const at = (dy: number, dx: number): tf.Tensor4D => tf.slice(padded, [0, 1 + dy, 1 + dx, 0], [n, h, w, c]);
  const twice = tf.mul(images, 2);
  return {
    dx: tf.mul(tf.sub(at(0, 1), at(0, -1)), 0.5),
    dy: tf.mul(tf.sub(at(1, 0), at(-1, 0)), 0.5),
    dxx: tf.sub(tf.add(at(0, 1), at(0, -1)), twice),
    dyy: tf.sub(tf.add(at(1, 0), at(-1, 0)), twice),
    dxy: tf.mul(tf.sub(tf.add(at(1, 1), at(-1, -1)), tf.add(at(-1, 1), at(1, -1))), 0.25),
  };
}

export const pixelGradientDiffLoss: LossFunction = {
  name: 'pixel_gradient_diff',
  spatial: true,
  description: 'Matches 1st and 2nd order image gradients (sharpness) with a near-L2 robust loss.',
  compute: (yTrue, yPred) =>
    tf.tidy(() => {
      const gTrue = imageDerivatives(yTrue);
      const gPred = imageDerivatives(yPred);
      const term = (key: keyof ImageDerivatives): tf.Tensor =>
        generalizedLoss(tf.sub(gPred[key], gTrue[key]), GRADIENT_LOSS_ALPHA, GRADIENT_LOSS_BETA);
      const firstOrder = tf.add(term('dx'), term('dy'));
      const secondOrder = tf.addN([term('dxx'), term('dyy'), tf.mul(term('dxy'), 2)]);
      const weighted = tf.add(tf.mul(firstOrder, TV_WEIGHT), tf.mul(secondOrder, TV2_WEIGHT));
      return tf.div(weighted, TV_WEIGHT + TV2_WEIGHT);
    }),
};
