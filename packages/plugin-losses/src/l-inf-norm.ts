import { tf } from '@faceforge/core';
import type { LossFunction } from '@faceforge/core';

export const lInfNormLoss: LossFunction = {
  name: 'l_inf_norm',
  spatial: false,
  description: 'L∞ norm: largest |y − ŷ| over the image per channel, averaged over channels.',
  // faceswap's NCHW port reduces (C,H) then W; we keep the intended channels-last meaning.
  compute: (yTrue, yPred) => tf.tidy(() => tf.mean(tf.max(tf.abs(tf.sub(yTrue, yPred)), [1, 2]), 1)),
};
