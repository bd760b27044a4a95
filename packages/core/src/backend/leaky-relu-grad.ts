import * as tf from '@tensorflow/tfjs';
import { hasFusedKernel } from './fused-kernels.js';

/**
 * FaceforgeLeakyReluGrad — the LeakyRelu gradient in one kernel, for backends that register it.
 * inputs: dy, x (one shape)        attrs: alpha        output: dx = x > 0 ? dy : alpha·dy
 * (a NaN x takes alpha·dy, as in tfjs's own gradient). tfjs's own gradient runs three kernels
 * (Greater, Multiply, Select) with a mask and a scaled copy of dy; faceswap's models put a
 * LeakyRelu after nearly every convolution, so that is three passes over every activation.
 */
export const FUSED_LEAKY_RELU_GRAD = 'FaceforgeLeakyReluGrad';

/** Registers the LeakyRelu gradient: the fused kernel where the active backend has it, else tfjs's formula. */
export function registerLeakyReluGradient(): void {
  tf.registerGradient({
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
      const g = dy as tf.Tensor;
      return {
        x: () => hasFusedKernel(FUSED_LEAKY_RELU_GRAD) && g.dtype === 'float32' && tf.util.arraysEqual(g.shape, x.shape)
          ? (tf.engine().runKernel(FUSED_LEAKY_RELU_GRAD, { dy: g, x }, { alpha }) as tf.Tensor)
          : tf.where(tf.greater(x, 0), g, tf.mul(g, alpha)),
      };
    },
  });
}
