import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';
import { cachedConstant } from './constant-cache.js';
import { filterPerChannel } from './channel-filter.js';
import { reflectPad } from './padding.js';

/** faceswap's 5×5 modified Scharr kernel for the vertical derivative; its transpose is horizontal. */
export const SCHARR_5X5_Y = [
  [0.0007, 0.0052, 0.037, 0.0052, 0.0007],
  [0.0037, 0.1187, 0.2589, 0.1187, 0.0037],
  [0, 0, 0, 0, 0],
  [-0.0037, -0.1187, -0.2589, -0.1187, -0.0037],
  [-0.0007, -0.0052, -0.037, -0.0052, -0.0007],
];
export const GMSD_EPSILON = 0.0025;

function scharrKernel(): tf.Tensor4D {
  return cachedConstant('scharr5', () => {
    const values = new Float32Array(5 * 5 * 2);
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 5; c++) {
        values[(r * 5 + c) * 2] = SCHARR_5X5_Y[r][c];
        values[(r * 5 + c) * 2 + 1] = SCHARR_5X5_Y[c][r];
      }
    }
    return tf.tensor4d(values, [5, 5, 1, 2]);
  });
}

/** Per-channel vertical and horizontal edge responses, [N,H,W,C*2]. */
export function scharrEdges(images: tf.Tensor4D): tf.Tensor4D {
  return filterPerChannel(reflectPad(images, 2), scharrKernel());
}

export const gmsdLoss: LossFunction = {
  name: 'gmsd',
  spatial: true,
  description: 'Gradient magnitude similarity: 1 − mean GMS of 5×5 Scharr edge maps.',
  // Directions are compared separately (as faceswap does): a unified magnitude trains poorly.
  compute: (yTrue, yPred) =>
    tf.tidy(() => {
      const edgesTrue = scharrEdges(yTrue);
      const edgesPred = scharrEdges(yPred);
      const numerator = tf.add(tf.mul(tf.mul(edgesTrue, edgesPred), 2), GMSD_EPSILON);
      const denominator = tf.add(tf.add(tf.square(edgesTrue), tf.square(edgesPred)), GMSD_EPSILON);
      return tf.sub(1, tf.mean(tf.div(numerator, denominator), 3, true));
    }),
};
