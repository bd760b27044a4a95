/**
 * The SRResNet x4 generator, as krasserm/super-resolution's `sr_resnet` builds it (peers.md §3.1):
 * 9×9 conv + PReLU → residual blocks (conv, BN 0.8, PReLU, conv, BN 0.8, add) → conv + BN + long skip
 * → two (conv 3×3 @4F, pixel shuffle ×2, PReLU) upsamplers → 9×9 conv @3, tanh.
 * Our images are RGB in [0, 1]: the reference's `x / 255` on its input and `(x + 1) · 127.5` on its
 * output become identity and `(x + 1) / 2`, the same network and parameters.
 * PReLUs share their slopes over height and width, so the network takes any input size.
 */
import { PixelShuffle, tf } from '@faceforge/core';

export interface GeneratorShape {
  residualBlocks: number;
  filters: number;
}

/** Keras BatchNormalization(momentum=0.8), epsilon at Keras's (and tfjs's) default 1e-3. */
const BATCH_NORM_MOMENTUM = 0.8;

/** Seeded Glorot-uniform kernels (Keras's default) so a build is reproducible. */
function kernelInitializer(seed: number, index: number) {
  return tf.initializers.glorotUniform({ seed: seed * 1000 + index });
}

export function buildGenerator(shape: GeneratorShape, seed = 1): tf.LayersModel {
  let layerIndex = 0;
  const conv = (x: tf.SymbolicTensor, filters: number, kernelSize: number, name: string) =>
    tf.layers.conv2d({ filters, kernelSize, padding: 'same', name, kernelInitializer: kernelInitializer(seed, layerIndex++) }).apply(x) as tf.SymbolicTensor;
  const batchNorm = (x: tf.SymbolicTensor, name: string) => tf.layers.batchNormalization({ momentum: BATCH_NORM_MOMENTUM, name }).apply(x) as tf.SymbolicTensor;
  const prelu = (x: tf.SymbolicTensor, name: string) =>
    tf.layers.prelu({ sharedAxes: [1, 2], alphaInitializer: 'zeros', name }).apply(x) as tf.SymbolicTensor;

  const input = tf.input({ shape: [null, null, 3], name: 'lr' });
  const head = prelu(conv(input, shape.filters, 9, 'head_conv'), 'head_prelu');
  let x = head;
  for (let b = 0; b < shape.residualBlocks; b++) {
    let y = conv(x, shape.filters, 3, `res${b}_conv1`);
    y = prelu(batchNorm(y, `res${b}_bn1`), `res${b}_prelu`);
    y = batchNorm(conv(y, shape.filters, 3, `res${b}_conv2`), `res${b}_bn2`);
    x = tf.layers.add({ name: `res${b}_add` }).apply([x, y]) as tf.SymbolicTensor;
  }
  x = batchNorm(conv(x, shape.filters, 3, 'body_conv'), 'body_bn');
  x = tf.layers.add({ name: 'body_add' }).apply([head, x]) as tf.SymbolicTensor;
  for (let u = 0; u < 2; u++) {
    x = conv(x, shape.filters * 4, 3, `up${u}_conv`);
    x = new PixelShuffle({ size: 2, name: `up${u}_shuffle` }).apply(x) as tf.SymbolicTensor;
    x = prelu(x, `up${u}_prelu`);
  }
  x = tf.layers.conv2d({ filters: 3, kernelSize: 9, padding: 'same', activation: 'tanh', name: 'tail_conv', kernelInitializer: kernelInitializer(seed, layerIndex++) }).apply(x) as tf.SymbolicTensor;
  // (tanh + 1) / 2: [0, 1] RGB out
  const output = tf.layers.rescaling({ scale: 0.5, offset: 0.5, name: 'to_unit' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'srresnet' });
}
