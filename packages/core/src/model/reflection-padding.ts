/**
 * faceswap's ReflectionPadding2D (lib/model/layers.py): pads height and width by reflection with
 * exactly the amounts a 'same' convolution of `kernelSize` and `stride` would pad with zeros
 * (total max(k - s, 0), or max(k - (n mod s), 0) when s does not divide n; the smaller half on
 * top/left), so a 'valid' convolution after it keeps 'same''s output size. tfjs-layers has no such
 * layer. tf.mirrorPad ('reflect') does the padding; its gradient is core's (backend/mirror-pad-grad.ts,
 * registered with the backend): tfjs's own drops the gradient of the mirrored borders.
 */
import { tf } from '../tf.js';

export interface ReflectionPadding2DArgs {
  name?: string;
  kernelSize: number;
  stride?: number;
  trainable?: boolean;
}

/** [before, after] reflection padding of one spatial side of length `size`. */
export function reflectionPadding(size: number, kernelSize: number, stride: number): [number, number] {
  const total = size % stride === 0 ? Math.max(kernelSize - stride, 0) : Math.max(kernelSize - (size % stride), 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

export class ReflectionPadding2D extends tf.layers.Layer {
  static className = 'ReflectionPadding2D';
  readonly kernelSize: number;
  readonly stride: number;

  constructor(args: ReflectionPadding2DArgs) {
    super(args);
    this.kernelSize = args.kernelSize;
    this.stride = args.stride ?? 1;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [n, h, w, c] = shape;
    const grow = (size: number | null | undefined) => {
      if (size == null) return null;
      const [before, after] = reflectionPadding(size, this.kernelSize, this.stride);
      return size + before + after;
    };
    return [n ?? null, grow(h), grow(w), c ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const [, h, w] = x.shape;
      return tf.mirrorPad(x, [[0, 0], reflectionPadding(h, this.kernelSize, this.stride), reflectionPadding(w, this.kernelSize, this.stride), [0, 0]], 'reflect');
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kernelSize: this.kernelSize, stride: this.stride };
  }
}

tf.serialization.registerClass(ReflectionPadding2D);
