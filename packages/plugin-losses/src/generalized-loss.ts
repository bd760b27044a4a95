import { tf } from '@faceforge/core';

/**
 * Barron's general robust loss applied elementwise to `diff` (= ŷ − y):
 * β·(|2−α|/α)·[((d/β)²/|2−α| + 1)^(α/2) − 1]. α=1 is a smooth L1, α→2 approaches L2.
 */
export function generalizedLoss(diff: tf.Tensor, alpha: number, beta: number): tf.Tensor {
  const absTwoMinusAlpha = Math.abs(2 - alpha);
  const inner = tf.add(tf.div(tf.square(tf.div(diff, beta)), absTwoMinusAlpha), 1);
  return tf.mul(tf.sub(tf.pow(inner, alpha / 2), 1), (beta * absTwoMinusAlpha) / alpha);
}
