/** The contract between the trainer and loss plugins: loss functions, the masks a loss may weight by, one side's loss. */
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

/** Per-pixel masks [N,H,W,1] in [0,1], at the output's resolution. */
export interface LossMasks {
  face?: tf.Tensor4D;
  eye?: tf.Tensor4D;
  mouth?: tf.Tensor4D;
}

/** One side's loss as the computeLoss hook returns it. */
export interface SideLoss {
  total: tf.Scalar;
  /** Unweighted batch mean per term name (e.g. per loss function, plus 'mask' when a mask is learned). */
  terms: Record<string, tf.Scalar>;
}
