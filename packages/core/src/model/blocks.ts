/**
 * faceswap's building blocks (lib/model/nn_blocks.py) on tfjs-layers, shared by model plugins
 * through `forge.blocks`. Layer names come from a per-build counter (conv_128_0, upscale_256_1, ...)
 * so the same architecture always gets the same names: weights load by name across builds.
 */
import { tf } from '../tf.js';
import { hashSeed } from '../util/rng.js';
import { PixelShuffle } from './pixel-shuffle.js';

type Symbolic = tf.SymbolicTensor;

export interface ConvBlockOptions {
  kernelSize?: number;
  strides?: number;
  /** 'leakyrelu' (alpha 0.1 by default, faceswap's choice) or null for linear. */
  activation?: 'leakyrelu' | null;
  reluAlpha?: number;
  kernelInitializer?: 'he_uniform' | 'random_normal';
  name?: string;
}

export interface Blocks {
  /** Conv2D (k5, s2, same) followed by LeakyReLU(0.1). */
  conv(x: Symbolic, filters: number, options?: ConvBlockOptions): Symbolic;
  /** Sub-pixel upscale: Conv2D(k3, 4·filters) → LeakyReLU(0.1) → PixelShuffle(2). */
  upscale(x: Symbolic, filters: number, options?: ConvBlockOptions): Symbolic;
  /** Final conv with a float32 sigmoid: faces (3 channels) or masks (1 channel). */
  output(x: Symbolic, filters: number, options: { kernelSize?: number; name: string }): Symbolic;
  dense(x: Symbolic, units: number, options?: { name?: string; kernelInitializer?: 'glorot_uniform' | 'random_normal' }): Symbolic;
  flatten(x: Symbolic): Symbolic;
  reshape(x: Symbolic, shape: number[]): Symbolic;
  leakyRelu(x: Symbolic, alpha: number): Symbolic;
  /** Next unique layer name for `base`, e.g. conv_128 → conv_128_0. */
  name(base: string): string;
}

export function createBlocks(seed: number): Blocks {
  const counters = new Map<string, number>();
  const name = (base: string): string => {
    const index = counters.get(base) ?? 0;
    counters.set(base, index + 1);
    return `${base}_${index}`;
  };
  const initializer = (kind: string, layerName: string) => {
    const layerSeed = hashSeed(seed, layerName);
    switch (kind) {
      case 'random_normal':
        return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: layerSeed });
      case 'glorot_uniform':
        return tf.initializers.glorotUniform({ seed: layerSeed });
      default:
        return tf.initializers.heUniform({ seed: layerSeed });
    }
  };
  const leakyRelu = (x: Symbolic, alpha: number, layerName?: string): Symbolic =>
    tf.layers.leakyReLU({ alpha, name: layerName ?? name('leakyrelu') }).apply(x) as Symbolic;

  const blocks: Blocks = {
    name,
    leakyRelu: (x, alpha) => leakyRelu(x, alpha),
    conv(x, filters, options = {}) {
      const base = options.name ?? name(`conv_${filters}`);
      let y = tf.layers.conv2d({
        filters, kernelSize: options.kernelSize ?? 5, strides: options.strides ?? 2, padding: 'same',
        kernelInitializer: initializer(options.kernelInitializer ?? 'he_uniform', base), name: `${base}_conv2d`,
      }).apply(x) as Symbolic;
      const activation = options.activation === undefined ? 'leakyrelu' : options.activation;
      if (activation === 'leakyrelu') y = leakyRelu(y, options.reluAlpha ?? 0.1, `${base}_leakyrelu`);
      return y;
    },
    upscale(x, filters, options = {}) {
      const base = options.name ?? name(`upscale_${filters}`);
      const y = blocks.conv(x, filters * 4, { ...options, kernelSize: options.kernelSize ?? 3, strides: 1, name: base });
      return new PixelShuffle({ size: 2, name: `${base}_pixelshuffle` }).apply(y) as Symbolic;
    },
    output(x, filters, options) {
      const y = tf.layers.conv2d({
        filters, kernelSize: options.kernelSize ?? 5, strides: 1, padding: 'same',
        kernelInitializer: initializer('he_uniform', options.name), name: `${options.name}_conv2d`,
      }).apply(x) as Symbolic;
      return tf.layers.activation({ activation: 'sigmoid', dtype: 'float32', name: options.name }).apply(y) as Symbolic;
    },
    dense(x, units, options = {}) {
      const layerName = options.name ?? name(`dense_${units}`);
      return tf.layers.dense({ units, kernelInitializer: initializer(options.kernelInitializer ?? 'glorot_uniform', layerName), name: layerName }).apply(x) as Symbolic;
    },
    flatten: (x) => tf.layers.flatten({ name: name('flatten') }).apply(x) as Symbolic,
    reshape: (x, shape) => tf.layers.reshape({ targetShape: shape, name: name('reshape') }).apply(x) as Symbolic,
  };
  return blocks;
}
