/**
 * faceswap's building blocks (lib/model/nn_blocks.py) on tfjs-layers, shared by model plugins
 * through `forge.blocks`. Layer names come from a per-build counter (conv_128_0, upscale_256_1, ...)
 * so the same architecture always gets the same names: weights load by name across builds.
 *
 * faceswap's global model options ([global] icnr_init, reflect_padding, conv_aware_init) change what the blocks
 * build, as nn_blocks reads them from its _CONFIG: `createBlocks(seed, globalOptions)`. Off (the
 * default) builds exactly what the blocks built before the options existed.
 */
import { tf } from '../tf.js';
import { hashSeed } from '../util/rng.js';
import { ConvolutionAware } from './convolution-aware.js';
import { Icnr } from './icnr.js';
import { PixelShuffle } from './pixel-shuffle.js';
import { ReflectionPadding2D } from './reflection-padding.js';

type Symbolic = tf.SymbolicTensor;

/** The [global] options every model honours through its blocks (faceswap's train_config.py globals). */
export interface ModelGlobalOptions {
  /** ICNR-initialise the convolution of every upscale block (sub-pixel, pixel shuffle). */
  icnrInit: boolean;
  /** Reflection-pad instead of zero-pad before the convolutions of conv, upscale and residual blocks. */
  reflectPadding: boolean;
  /** Convolution-aware initialisation of every convolution kernel (conv, upscale, residual, separable, output), replacing the block's own. */
  convAwareInit: boolean;
}

export const DEFAULT_MODEL_GLOBAL_OPTIONS: Readonly<ModelGlobalOptions> = Object.freeze({ icnrInit: false, reflectPadding: false, convAwareInit: false });

/** he_uniform: Keras' HeUniform, faceswap's default; random_normal: RandomNormal(0, 0.02), as Villain passes. */
export type KernelInitializer = 'he_uniform' | 'random_normal';

export interface ConvBlockOptions {
  kernelSize?: number;
  strides?: number;
  /** 'leakyrelu' (alpha 0.1 by default, faceswap's choice) or null for linear. */
  activation?: 'leakyrelu' | null;
  reluAlpha?: number;
  kernelInitializer?: KernelInitializer;
  name?: string;
}

export interface Blocks {
  /** The global options these blocks were made with. */
  readonly globalOptions: Readonly<ModelGlobalOptions>;
  /** Conv2DBlock: Conv2D (k5, s2, same) followed by LeakyReLU(0.1); reflect_padding: ReflectionPadding2D + 'valid' conv. */
  conv(x: Symbolic, filters: number, options?: ConvBlockOptions): Symbolic;
  /** UpscaleBlock, sub-pixel: Conv2D(k3, 4·filters) → LeakyReLU(0.1) (none with activation null) → PixelShuffle(2); icnr_init: ICNR kernel. */
  upscale(x: Symbolic, filters: number, options?: ConvBlockOptions): Symbolic;
  /**
   * ResidualBlock: Conv2D(k3) → LeakyReLU(0.2) → Conv2D(k3, VarianceScaling(0.2, fan_in, uniform)),
   * added to the input, → LeakyReLU(0.2). `kernelInitializer` is the first conv's (faceswap passes
   * the model's kwargs to it and replaces the second's). `useBias` (default true) is both convs', as
   * faceswap passes use_bias to both (RealFace's decoders use residual blocks without bias).
   */
  residual(x: Symbolic, filters: number, options?: { kernelSize?: number; kernelInitializer?: KernelInitializer; useBias?: boolean }): Symbolic;
  /** SeparableConv2DBlock: SeparableConv2D (k5, s2, same; depthwise and pointwise kernels from `kernelInitializer`) → ReLU. */
  separableConv(x: Symbolic, filters: number, options?: { kernelSize?: number; strides?: number; kernelInitializer?: KernelInitializer }): Symbolic;
  /** Conv2DOutput: Conv2D (k5 by default, same, he_uniform) → float32 sigmoid: faces (3 channels) or masks (1 channel). */
  output(x: Symbolic, filters: number, options: { kernelSize?: number; name: string }): Symbolic;
  dense(x: Symbolic, units: number, options?: { name?: string; kernelInitializer?: 'glorot_uniform' | 'random_normal' }): Symbolic;
  flatten(x: Symbolic): Symbolic;
  reshape(x: Symbolic, shape: number[]): Symbolic;
  leakyRelu(x: Symbolic, alpha: number): Symbolic;
  /** faceswap's bare PixelShuffler(size 2): depth to space, H×W×4C → 2H×2W×C. */
  pixelShuffle(x: Symbolic): Symbolic;
  /** Element-wise sum (Keras' add). */
  add(inputs: Symbolic[]): Symbolic;
  /** Next unique layer name for `base`, e.g. conv_128 → conv_128_0. */
  name(base: string): string;
}

export function createBlocks(seed: number, globalOptions: Partial<ModelGlobalOptions> = {}): Blocks {
  const globals: Readonly<ModelGlobalOptions> = Object.freeze({ ...DEFAULT_MODEL_GLOBAL_OPTIONS, ...globalOptions });
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
      case 'residual_variance_scaling':
        return tf.initializers.varianceScaling({ scale: 0.2, mode: 'fanIn', distribution: 'uniform', seed: layerSeed });
      default:
        return tf.initializers.heUniform({ seed: layerSeed });
    }
  };
  /** faceswap's _get_default_initializer: conv_aware_init replaces any convolution's initializer. */
  const convInitializer = (kind: string, layerName: string) =>
    globals.convAwareInit ? new ConvolutionAware(hashSeed(seed, layerName)) : initializer(kind, layerName);
  const leakyRelu = (x: Symbolic, alpha: number, layerName?: string): Symbolic =>
    tf.layers.leakyReLU({ alpha, name: layerName ?? name('leakyrelu') }).apply(x) as Symbolic;

  /** faceswap's Conv2D wrapper: reflect padding (then 'valid') when the global option is on. */
  const conv2d = (x: Symbolic, filters: number, o: { kernelSize: number; strides: number; init: ReturnType<typeof convInitializer>; layerName: string; padName: string; useBias?: boolean }): Symbolic => {
    let input = x;
    if (globals.reflectPadding) input = new ReflectionPadding2D({ kernelSize: o.kernelSize, stride: o.strides, name: o.padName }).apply(x) as Symbolic;
    return tf.layers.conv2d({
      filters, kernelSize: o.kernelSize, strides: o.strides, padding: globals.reflectPadding ? 'valid' : 'same',
      kernelInitializer: o.init, useBias: o.useBias ?? true, name: o.layerName,
    }).apply(input) as Symbolic;
  };

  const convBlock = (x: Symbolic, filters: number, options: ConvBlockOptions, isUpscale: boolean): Symbolic => {
    const base = options.name ?? name(`conv_${filters}`);
    const kernelSize = options.kernelSize ?? 5;
    let init = convInitializer(options.kernelInitializer ?? 'he_uniform', base);
    if (isUpscale && globals.icnrInit) init = new Icnr(init, 2);
    let y = conv2d(x, filters, { kernelSize, strides: options.strides ?? 2, init, layerName: `${base}_conv2d`, padName: `${base}_reflectionpadding2d` });
    const activation = options.activation === undefined ? 'leakyrelu' : options.activation;
    if (activation === 'leakyrelu') y = leakyRelu(y, options.reluAlpha ?? 0.1, `${base}_leakyrelu`);
    return y;
  };

  const blocks: Blocks = {
    globalOptions: globals,
    name,
    leakyRelu: (x, alpha) => leakyRelu(x, alpha),
    conv: (x, filters, options = {}) => convBlock(x, filters, options, false),
    upscale(x, filters, options = {}) {
      const base = options.name ?? name(`upscale_${filters}`);
      const y = convBlock(x, filters * 4, { ...options, kernelSize: options.kernelSize ?? 3, strides: 1, name: base }, true);
      return new PixelShuffle({ size: 2, name: `${base}_pixelshuffle` }).apply(y) as Symbolic;
    },
    residual(x, filters, options = {}) {
      const base = name(`residual_${filters}`);
      const kernelSize = options.kernelSize ?? 3;
      const useBias = options.useBias ?? true;
      let y = conv2d(x, filters, {
        kernelSize, strides: 1, init: convInitializer(options.kernelInitializer ?? 'he_uniform', `${base}_conv2d_0`),
        layerName: `${base}_conv2d_0`, padName: `${base}_reflectionpadding2d_0`, useBias,
      });
      y = leakyRelu(y, 0.2, `${base}_leakyrelu_1`);
      y = conv2d(y, filters, {
        kernelSize, strides: 1, init: convInitializer('residual_variance_scaling', `${base}_conv2d_1`),
        layerName: `${base}_conv2d_1`, padName: `${base}_reflectionpadding2d_1`, useBias,
      });
      y = tf.layers.add({ name: `${base}_add_2` }).apply([y, x]) as Symbolic;
      return leakyRelu(y, 0.2, `${base}_leakyrelu_3`);
    },
    separableConv(x, filters, options = {}) {
      const base = name(`separableconv2d_${filters}`);
      const kind = options.kernelInitializer ?? 'he_uniform';
      const y = tf.layers.separableConv2d({
        filters, kernelSize: options.kernelSize ?? 5, strides: options.strides ?? 2, padding: 'same',
        depthwiseInitializer: convInitializer(kind, `${base}_depthwise`), pointwiseInitializer: convInitializer(kind, `${base}_pointwise`),
        name: `${base}_separableconv2d`,
      }).apply(x) as Symbolic;
      return tf.layers.activation({ activation: 'relu', name: `${base}_relu` }).apply(y) as Symbolic;
    },
    output(x, filters, options) {
      const y = tf.layers.conv2d({
        filters, kernelSize: options.kernelSize ?? 5, strides: 1, padding: 'same',
        kernelInitializer: convInitializer('he_uniform', options.name), name: `${options.name}_conv2d`,
      }).apply(x) as Symbolic;
      return tf.layers.activation({ activation: 'sigmoid', dtype: 'float32', name: options.name }).apply(y) as Symbolic;
    },
    dense(x, units, options = {}) {
      const layerName = options.name ?? name(`dense_${units}`);
      return tf.layers.dense({ units, kernelInitializer: initializer(options.kernelInitializer ?? 'glorot_uniform', layerName), name: layerName }).apply(x) as Symbolic;
    },
    flatten: (x) => tf.layers.flatten({ name: name('flatten') }).apply(x) as Symbolic,
    reshape: (x, shape) => tf.layers.reshape({ targetShape: shape, name: name('reshape') }).apply(x) as Symbolic,
    pixelShuffle: (x) => new PixelShuffle({ size: 2, name: name('pixelshuffle') }).apply(x) as Symbolic,
    add: (inputs) => tf.layers.add({ name: name('add') }).apply(inputs) as Symbolic,
  };
  return blocks;
}
