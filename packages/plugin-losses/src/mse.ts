import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';

export const mseLoss: LossFunction = {
  name: 'mse',
  spatial: true,
  description: 'Mean squared error (y − ŷ)² per pixel (L2).',
  compute: (yTrue, yPred) => tf.tidy(() => tf.squaredDifference(yTrue, yPred)),
};
