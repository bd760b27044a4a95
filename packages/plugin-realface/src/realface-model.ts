/**
 * faceswap's RealFace ("Pegasus", plugins/train/model/realface.py), layer for layer. Kernels keep
 * faceswap's defaults (he_uniform convs, glorot dense layers): realface.py defines
 * RandomNormal(0, 0.02) but never passes it.
 *   encoder:   input² ×3 → 3 × (conv c·2^i, linear → LeakyReLU 0.2 → 2 residual c·2^i with bias)
 *              → conv c·8 (LeakyReLU 0.1) → (input/16)² × c·8           (c = complexity_encoder)
 *   decoder B: flatten → dense(dense_nodes) → dense(w·w·F) → reshape w×w×F → upscale F, linear (= xy)
 *              → LeakyReLU 0.2 → residual F without bias
 *              → (upscalers − 2) × (upscale d/2^i, linear → LeakyReLU 0.2 → residual without bias
 *              → residual with bias) → upscale d/2^(upscalers−2) → conv k5 → sigmoid, output² × 3
 *   decoder A: the same divided by 1.5 (dense nodes, F and d), with plain upscales and no residuals
 *              after the first.                                           (F = dense filters, d = complexity_decoder)
 *   learn_mask, both sides: xy → LeakyReLU 0.1 → upscales 384/2^i → conv k5 → sigmoid mask.
 */
import type { ModelBuildContext, FaceSwapModel, tf as TfNamespace } from '@faceforge/core';
import { lighter, realfaceSizes, DOWNSCALERS, type RealfaceOptions } from './realface-sizes.js';

type Symbolic = TfNamespace.SymbolicTensor;
type Side = 'a' | 'b';

/** The mask branch's first upscale (faceswap's mask_*_complexity). */
const MASK_COMPLEXITY = 384;

export function buildRealface(context: ModelBuildContext): FaceSwapModel {
  const { tf, blocks, learnMask, sharedEncoderModel } = context;
  const options = context.config as unknown as RealfaceOptions;
  const sizes = realfaceSizes(options);
  const { upscalers, denseWidth } = sizes;
  const inputSize = options.input_size;

  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'face_in' });
  let x: Symbolic = input;
  for (let i = 0; i < DOWNSCALERS - 1; i++) {
    const filters = options.complexity_encoder * 2 ** i;
    x = blocks.leakyRelu(blocks.conv(x, filters, { activation: null }), 0.2);
    x = blocks.residual(x, filters, { useBias: true });
    x = blocks.residual(x, filters, { useBias: true });
  }
  x = blocks.conv(x, sizes.latentFilters);
  const encoder = tf.model({ inputs: input, outputs: x, name: 'encoder' });

  const decoder = (side: Side) => {
    const heavy = side === 'b';
    const denseNodes = heavy ? options.dense_nodes : lighter(options.dense_nodes);
    const denseFilters = heavy ? sizes.denseFilters : lighter(sizes.denseFilters);
    const complexity = heavy ? options.complexity_decoder : lighter(options.complexity_decoder);

    const latent = tf.input({ shape: [sizes.latentWidth, sizes.latentWidth, sizes.latentFilters], name: `decoder_${side}_in` });
    let xy: Symbolic = blocks.dense(blocks.flatten(latent), denseNodes);
    xy = blocks.dense(xy, denseWidth * denseWidth * denseFilters);
    xy = blocks.reshape(xy, [denseWidth, denseWidth, denseFilters]);
    xy = blocks.upscale(xy, denseFilters, { activation: null });

    let y = blocks.residual(blocks.leakyRelu(xy, 0.2), denseFilters, { useBias: false });
    for (let i = 0; i < upscalers - 2; i++) {
      const filters = Math.floor(complexity / 2 ** i);
      if (heavy) {
        y = blocks.leakyRelu(blocks.upscale(y, filters, { activation: null }), 0.2);
        y = blocks.residual(y, filters, { useBias: false });
        y = blocks.residual(y, filters, { useBias: true });
      } else {
        y = blocks.upscale(y, filters);
      }
    }
    y = blocks.upscale(y, Math.floor(complexity / 2 ** (upscalers - 2)));
    const outputs = [blocks.output(y, 3, { kernelSize: 5, name: `face_out_${side}` })];

    if (learnMask) {
      let m = blocks.leakyRelu(xy, 0.1);
      for (let i = 0; i < upscalers - 1; i++) m = blocks.upscale(m, Math.floor(MASK_COMPLEXITY / 2 ** i));
      outputs.push(blocks.output(m, 1, { kernelSize: 5, name: `mask_out_${side}` }));
    }
    return tf.model({ inputs: latent, outputs, name: `decoder_${side}` });
  };

  return sharedEncoderModel({
    inputSize, outputSize: options.output_size, encoder, decoderA: decoder('a'), decoderB: decoder('b'), learnMask,
  });
}
