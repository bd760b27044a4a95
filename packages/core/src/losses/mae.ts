import * as tf from '@tensorflow/tfjs';
import type { LossFunction } from './loss-function.js';

export const maeLoss: LossFunction = {
  name: 'mae',
  spatial: true,
  description: 'Mean absolute error |y − ŷ| per pixel (L1).',
  compute: (yTrue, yPred) => tf.tidy(() => tf.abs(tf.sub(yTrue, yPred))),
};
