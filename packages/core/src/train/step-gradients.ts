import { tf } from '../tf.js';
import type { FaceSwapModel, ModelOutputs, Side } from '../model/face-swap-model.js';
import { sumGradients } from './sum-gradients.js';

export interface StepGradients {
  /** Per variable: the gradient of loss A + loss B. */
  grads: tf.NamedTensorMap;
  /** Each side's loss total (the caller disposes them). */
  totals: Record<Side, tf.Scalar>;
}

/**
 * The gradients of one training step. A model that can run both sides in one pass (forwardPair: the
 * shared encoder once, on both batches) does: its convolutions and matrix products get twice the rows
 * per call, which a CPU runs faster than two calls of half as many. Other models, or `oneSideAtATime`
 * (to hold one side's activations, not both), run one side at a time and sum the gradients
 * (sumGradients). Both give the gradients of loss A + loss B.
 */
export function stepGradients(
  model: FaceSwapModel,
  feeds: Record<Side, tf.Tensor4D>,
  sideLoss: (side: Side, out: ModelOutputs) => tf.Scalar,
  variables: tf.Variable[],
  oneSideAtATime = false,
): StepGradients {
  const totals: Partial<Record<Side, tf.Scalar>> = {};
  if (model.forwardPair && !oneSideAtATime) {
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forwardPair!(feeds.a, feeds.b, true);
      totals.a = tf.keep(sideLoss('a', out.a));
      totals.b = tf.keep(sideLoss('b', out.b));
      return tf.add(totals.a, totals.b);
    }, variables);
    value.dispose();
    return { grads, totals: totals as Record<Side, tf.Scalar> };
  }
  const grads = sumGradients((['a', 'b'] as const).map((side) => () => {
    // the value variableGrads returns is the side's total itself
    const { value, grads: sideGrads } = tf.variableGrads(() => sideLoss(side, model.forward(feeds[side], side, true)), variables);
    totals[side] = value;
    return sideGrads;
  }));
  return { grads, totals: totals as Record<Side, tf.Scalar> };
}
