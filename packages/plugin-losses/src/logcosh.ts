import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';

export const logcoshLoss: LossFunction = {
  name: 'logcosh',
  spatial: true,
  description: 'log(cosh(ŷ − y)): L2 near zero, L1 for large errors.',
  // d + softplus(−2d) − log 2 equals log cosh d without overflowing cosh for large |d|.
  compute: (yTrue, yPred) =>
    tf.tidy(() => {
      const diff = tf.sub(yPred, yTrue);
      return tf.sub(tf.add(diff, tf.softplus(tf.mul(diff, -2))), Math.LN2);
    }),
};
