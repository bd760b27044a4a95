import type * as tf from '@tensorflow/tfjs';

/** One trainable image loss, NHWC in [0,1]. Mirrors faceswap's `lib/model/losses` catalogue. */
export interface LossFunction {
  /** Config name as used by faceswap: 'mae', 'mse', 'ssim', ... */
  name: string;
  /** true: `compute` returns a map [N,H,W,C or 1]; false: one value per item [N]. */
  spatial: boolean;
  /** One line of help text. */
  description: string;
  compute(yTrue: tf.Tensor4D, yPred: tf.Tensor4D): tf.Tensor;
}
