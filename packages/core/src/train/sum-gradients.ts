import { tf } from '../tf.js';

/**
 * Runs each gradient computation in turn and adds up what they return, per variable.
 *
 * tfjs keeps every activation of a forward pass until that pass's gradients are done. Computing the
 * two sides' losses in one pass keeps both sides' activations at once; one side at a time keeps one,
 * which is what brings the Original model's training step under PyTorch's memory. Variables that
 * several passes reach (the shared encoder) get the sum of their gradients, as one pass would give.
 */
export function sumGradients(passes: ReadonlyArray<() => tf.NamedTensorMap>): tf.NamedTensorMap {
  const total: tf.NamedTensorMap = {};
  for (const pass of passes) {
    for (const [name, grad] of Object.entries(pass())) {
      const before = total[name];
      if (!before) {
        total[name] = grad;
        continue;
      }
      total[name] = tf.add(before, grad);
      before.dispose();
      grad.dispose();
    }
  }
  return total;
}
