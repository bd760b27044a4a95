/**
 * The reference's training loss (muti_bce_loss_fusion): the sum of the binary cross-entropies of
 * all seven maps against the target mask, every weight 1; the fused map's own term ("tar") is
 * reported too. Computed from logits, max(s, 0) − s·y + log(1 + e^−|s|), which is BCE(sigmoid(s), y)
 * without the overflow of taking log of a saturated sigmoid.
 */
import { tf } from '@faceforge/core';

export function binaryCrossEntropyWithLogits(logits: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar {
  return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
}

export interface SideOutputLoss {
  /** Σ over the seven maps: what is minimised. */
  total: tf.Scalar;
  /** The fused map's term alone. */
  fused: tf.Scalar;
}

export function sideOutputLoss(maps: tf.Tensor4D[], target: tf.Tensor4D): SideOutputLoss {
  const terms = maps.map((map) => binaryCrossEntropyWithLogits(map, target));
  return { total: tf.addN(terms), fused: terms[0]! };
}
