import * as tf from '@tensorflow/tfjs';
import type { LossFunction } from './loss-function.js';
import { generalizedLoss } from './generalized-loss.js';

export const SMOOTH_LOSS_ALPHA = 1;
export const SMOOTH_LOSS_BETA = 1 / 255;

export const smoothLoss: LossFunction = {
  name: 'smooth_loss',
  spatial: true,
  description: "Barron's generalized loss with α=1, β=1/255: a smooth, differentiable L1.",
  compute: (yTrue, yPred) =>
    tf.tidy(() => generalizedLoss(tf.sub(yPred, yTrue), SMOOTH_LOSS_ALPHA, SMOOTH_LOSS_BETA)),
};
