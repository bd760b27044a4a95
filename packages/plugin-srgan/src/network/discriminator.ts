/**
 * The SRGAN discriminator, as krasserm/super-resolution's `discriminator` builds it (peers.md §3.2):
 * eight 3×3 conv blocks, 64 s1 (no BN), 64 s2, 128 s1, 128 s2, 256 s1, 256 s2, 512 s1, 512 s2, each
 * with BN 0.8 and LeakyReLU 0.2 → flatten → Dense 1024 → LeakyReLU 0.2 → Dense 1, sigmoid.
 * The flatten ties it to the HR crop size (the reference: 96 px, so 6·6·512 features into the dense).
 * Our images are RGB in [0, 1]: the reference's `x / 127.5 − 1` becomes `2x − 1`.
 */
import { tf } from '@faceforge/core';

/** (filters, strides) of the eight conv blocks. */
export const DISCRIMINATOR_BLOCKS: ReadonlyArray<readonly [number, number]> = [
  [64, 1], [64, 2], [128, 1], [128, 2], [256, 1], [256, 2], [512, 1], [512, 2],
];

export function buildDiscriminator(hrSize: number, seed = 2): tf.LayersModel {
  if (hrSize % 16 !== 0) throw new Error(`the SRGAN discriminator needs an HR size divisible by 16 (four stride-2 blocks), not ${hrSize}`);
  const input = tf.input({ shape: [hrSize, hrSize, 3], name: 'hr' });
  let x = tf.layers.rescaling({ scale: 2, offset: -1, name: 'to_signed' }).apply(input) as tf.SymbolicTensor;
  DISCRIMINATOR_BLOCKS.forEach(([filters, strides], i) => {
    x = tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', name: `d${i}_conv`, kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + i }) }).apply(x) as tf.SymbolicTensor;
    if (i > 0) x = tf.layers.batchNormalization({ momentum: 0.8, name: `d${i}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2, name: `d${i}_lrelu` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 1024, name: 'dense', kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + 8 }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.leakyReLU({ alpha: 0.2, name: 'dense_lrelu' }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'real', kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + 9 }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'srgan_discriminator' });
}
