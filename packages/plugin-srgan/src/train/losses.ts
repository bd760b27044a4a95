/** The reference's losses (train.py): MSE for pretraining; binary cross-entropy on the discriminator's probabilities (Keras, from_logits=False). */
import { tf } from '@faceforge/core';

/** Keras clips probabilities to [ε, 1 − ε] with ε = 1e-7 before the log. */
const EPSILON = 1e-7;

export function meanSquaredError(sr: tf.Tensor4D, hr: tf.Tensor4D): tf.Scalar {
  return tf.mean(tf.squaredDifference(sr, hr));
}

/** BCE of probabilities `p` against an all-`target` label (1: real, 0: generated). */
export function binaryCrossEntropy(target: 0 | 1, p: tf.Tensor): tf.Scalar {
  const clipped = tf.clipByValue(p, EPSILON, 1 - EPSILON);
  return tf.neg(tf.mean(target === 1 ? tf.log(clipped) : tf.log(tf.sub(1, clipped)))) as tf.Scalar;
}
