/**
 * The 3×3 "same" convolution of U²-Net's REBNCONV at any dilation (torch: padding = dilation).
 * tfjs computes dilated convolutions forward but has no gradient for them, so dilation d is done
 * as atrous convolution by space-to-batch: the d×d interleaved sub-grids become batch entries, an
 * ordinary 3×3 convolution runs on each, and batch-to-space puts them back. Exact, and every step
 * has a gradient.
 */
import { tf } from '@faceforge/core';

export function conv3x3(x: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor1D, dilation = 1): tf.Tensor4D {
  if (dilation === 1) return tf.add(tf.conv2d(x, kernel, 1, 'same'), bias);
  const [, height, width] = x.shape;
  // Zero rows/columns up to a multiple of d: they are the zero padding a dilated conv would read.
  const padding: [number, number][] = [[0, (dilation - (height % dilation)) % dilation], [0, (dilation - (width % dilation)) % dilation]];
  const grids = tf.spaceToBatchND(x, [dilation, dilation], padding);
  const convolved = tf.conv2d(grids, kernel, 1, 'same');
  return tf.add(tf.batchToSpaceND(convolved, [dilation, dilation], padding), bias);
}
