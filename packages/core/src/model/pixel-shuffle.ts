/**
 * Sub-pixel upscaling (depth to space) as a layer. tfjs-core 4.22 registers no gradient for
 * DepthToSpace, so this is built from reshape + transpose, which have gradients on every backend
 * and give the same result as tf.depthToSpace(x, size, 'NHWC') (faceswap's PixelShuffler).
 */
import { tf } from '../tf.js';

export interface PixelShuffleArgs {
  name?: string;
  size?: number;
  trainable?: boolean;
}

export class PixelShuffle extends tf.layers.Layer {
  static className = 'PixelShuffle';
  readonly size: number;

  constructor(args: PixelShuffleArgs = {}) {
    super(args);
    this.size = args.size ?? 2;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [n, h, w, c] = shape;
    const r = this.size;
    return [n ?? null, h == null ? null : h * r, w == null ? null : w * r, c == null ? null : c / (r * r)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const r = this.size;
      const oc = c / (r * r);
      // channel index (i*r + j)*oc + k goes to pixel (h*r + i, w*r + j), channel k
      return x.reshape([n * h, w, r, r * oc]).transpose([0, 2, 1, 3]).reshape([n, h * r, w * r, oc]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}

tf.serialization.registerClass(PixelShuffle);
