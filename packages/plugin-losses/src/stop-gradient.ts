import { tf } from '@faceforge/core';

/**
 * `compute(x)` forward with a zero gradient backward (tfjs has no stopGradient op).
 * The computation runs inside a custom-gradient kernel so none of its ops reach the tape;
 * that matters because some of them (e.g. Equal inside divNoNan) have no gradient at all.
 */
export function withoutGradient<T extends tf.Tensor>(x: tf.Tensor, compute: (x: tf.Tensor) => T): T {
  const detached = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor;
    return {
      value: tf.tidy(() => compute(input)),
      gradFunc: () => tf.zerosLike(input),
    };
  });
  return detached(x) as T;
}
