import { tf } from '@faceforge/core';

/**
 * Filters every channel independently with the same kernels ([kh,kw,1,K]) and 'valid' padding.
 * Channels are folded into the batch so a plain conv2d does the work: depthwiseConv2d's
 * gradients have no wasm kernel. Output is [N,H',W',C*K] with the K responses of a channel adjacent.
 */
export function filterPerChannel(images: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = images.shape;
  const k = kernel.shape[3];
  const folded = tf.reshape(tf.transpose(images, [0, 3, 1, 2]), [n * c, h, w, 1]);
  const filtered = tf.conv2d(folded as tf.Tensor4D, kernel, 1, 'valid');
  const [, oh, ow] = filtered.shape;
  const unfolded = tf.transpose(tf.reshape(filtered, [n, c, oh, ow, k]), [0, 2, 3, 1, 4]);
  return tf.reshape(unfolded, [n, oh, ow, c * k]);
}
