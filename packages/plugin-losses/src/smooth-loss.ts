import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';
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
