/**
 * The 3×3 "same" convolution of U²-Net's REBNCONV at any dilation (torch: padding = dilation),
 * on one input or on the channel concatenation of several.
 *
 * tfjs computes dilated convolutions forward but has no gradient for them, so dilation d is done
 * as atrous convolution by space-to-batch: the d×d interleaved sub-grids become batch entries, an
 * ordinary 3×3 convolution runs on each, and batch-to-space puts them back. Exact, and every step
 * has a gradient.
 *
 * A conv of concat([a, b]) is conv(a, K_a) + conv(b, K_b) with the kernel split along its input
 * channels: the same arithmetic without materialising the concatenation, whose gradient (a split
 * of the big activation) is slow on the cpu-based backends.
 */
import { tf } from '@faceforge/core';

function convolve(x: tf.Tensor4D, kernel: tf.Tensor4D, dilation: number): tf.Tensor4D {
  if (dilation === 1) return tf.conv2d(x, kernel, 1, 'same');
  const [, height, width] = x.shape;
  // Zero rows/columns up to a multiple of d: they are the zero padding a dilated conv would read.
  const padding: [number, number][] = [[0, (dilation - (height % dilation)) % dilation], [0, (dilation - (width % dilation)) % dilation]];
  const grids = tf.spaceToBatchND(x, [dilation, dilation], padding);
  return tf.batchToSpaceND(tf.conv2d(grids as tf.Tensor4D, kernel, 1, 'same'), [dilation, dilation], padding) as tf.Tensor4D;
}

/** conv3x3(concat(inputs, channels), kernel) + bias; `inputs` in concatenation order. */
export function conv3x3(inputs: tf.Tensor4D | readonly tf.Tensor4D[], kernel: tf.Tensor4D, bias: tf.Tensor1D, dilation = 1): tf.Tensor4D {
  const parts = Array.isArray(inputs) ? (inputs as readonly tf.Tensor4D[]) : [inputs as tf.Tensor4D];
  const total = parts.reduce((sum, part) => sum + part.shape[3], 0);
  if (total !== kernel.shape[2]) throw new Error(`conv3x3: ${total} input channels for a kernel of ${kernel.shape[2]}`);
  let offset = 0;
  const outputs = parts.map((part) => {
    const channels = part.shape[3];
    const slice = parts.length === 1 ? kernel : tf.slice(kernel, [0, 0, offset, 0], [3, 3, channels, kernel.shape[3]]);
    offset += channels;
    return convolve(part, slice, dilation);
  });
  return tf.add(outputs.length === 1 ? outputs[0]! : tf.addN(outputs), bias);
}
