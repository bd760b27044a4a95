import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';

export const maeLoss: LossFunction = {
  name: 'mae',
  spatial: true,
  description: 'Mean absolute error |y − ŷ| per pixel (L1).',
  compute: (yTrue, yPred) => tf.tidy(() => tf.abs(tf.sub(yTrue, yPred))),
};
