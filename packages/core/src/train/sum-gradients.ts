import { tf } from '../tf.js';
import { FUSED_ACCUMULATE, hasFusedKernel } from '../backend/fused-kernels.js';

/**
 * Runs each gradient computation in turn and adds up what they return, per variable.
 *
 * tfjs keeps every activation of a forward pass until that pass's gradients are done: one side at a
 * time keeps one side's activations, not both. Variables that several passes reach (the shared
 * encoder) get the sum of their gradients, as one pass would give. Training uses it for models that
 * can't run both sides as one batch (see stepGradients).
 */
export function sumGradients(passes: ReadonlyArray<() => tf.NamedTensorMap>): tf.NamedTensorMap {
  const total: tf.NamedTensorMap = {};
  const inPlace = hasFusedKernel(FUSED_ACCUMULATE);
  for (const pass of passes) {
    for (const [name, grad] of Object.entries(pass())) {
      const before = total[name];
      if (!before) {
        total[name] = grad;
        continue;
      }
      // the running sum is disposed right below: a backend with the fused kernel may add into its buffer
      total[name] = inPlace && before.dtype === 'float32' && grad.dtype === 'float32' && tf.util.arraysEqual(before.shape, grad.shape)
        ? tf.engine().runKernel(FUSED_ACCUMULATE, { sum: before, addend: grad }) as tf.Tensor
        : tf.add(before, grad);
      before.dispose();
      grad.dispose();
    }
  }
  return total;
}
