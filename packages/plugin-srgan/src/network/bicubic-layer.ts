/**
 * Bicubic ×4 as a layer without weights: the optional global skip of the generator (`global_skip`),
 * so the network learns only what bicubic misses (VDSR's global residual learning). Not clipped:
 * the sum with the residual is.
 */
import { tf } from '@faceforge/core';
import { bicubicUpscaleUnclipped } from '../upscaler/bicubic-tensor.js';

export class BicubicUpscale extends tf.layers.Layer {
  static className = 'SrganBicubicUpscale';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [n ?? null, h == null ? null : h * 4, w == null ? null : w * 4, c ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return bicubicUpscaleUnclipped(tf, (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D);
  }
}

tf.serialization.registerClass(BicubicUpscale);
