/**
 * faceswap's Villain model (plugins/train/model/villain.py, a subclass of Original), layer for
 * layer. RandomNormal(0, 0.02) initialises the encoder's and decoders' convs, the dense layers, the
 * separable convs and the residual blocks' first convs (faceswap passes it as kernel_initializer);
 * the mask branch and the output convs keep the default (he_uniform).
 *   encoder: 128×128×3 → conv 128 (no activation) = tmp → LeakyReLU 0.2 → 16 residual 128 (8 lowmem)
 *            → + LeakyReLU 0.1 (tmp) → conv 128 → shuffle → conv 128 → shuffle → conv 128
 *            → separable 256 → conv 512 → separable 1024 (not lowmem) → flatten → dense(1024 | 512)
 *            → dense(8·8·1024) → reshape 8×8×1024 → upscale 512 → 16×16×512
 *   decoder: (upscale n, no activation → LeakyReLU 0.2 → residual n) for n = 512, 256, 128
 *            → conv k5 → sigmoid 128×128×3; learn_mask: upscale 512, 256, 128 → conv k5 → sigmoid mask
 */
import type { ModelBuildContext, FaceSwapModel, tf as TfNamespace } from '@faceforge/core';

type Symbolic = TfNamespace.SymbolicTensor;

export const INPUT_SIZE = 128;

export function buildVillain(context: ModelBuildContext): FaceSwapModel {
  const { tf, blocks, learnMask, sharedEncoderModel } = context;
  const lowmem = context.config.lowmem === true;
  const encoderDim = lowmem ? 512 : 1024;
  const kernelInitializer = 'random_normal' as const;
  // faceswap: 128 + (size - 128) // 4 filters for inputs over 128 px; 128 here.
  const inConvFilters = INPUT_SIZE > 128 ? 128 + Math.floor((INPUT_SIZE - 128) / 4) : INPUT_SIZE;
  const denseShape = INPUT_SIZE / 16;

  const input = tf.input({ shape: [INPUT_SIZE, INPUT_SIZE, 3], name: 'face_in' });
  let x: Symbolic = blocks.conv(input, inConvFilters, { activation: null, kernelInitializer });
  const tmp = x;
  x = blocks.leakyRelu(x, 0.2);
  for (let i = 0; i < (lowmem ? 8 : 16); i++) x = blocks.residual(x, inConvFilters, { kernelInitializer });
  x = blocks.add([x, blocks.leakyRelu(tmp, 0.1)]);
  x = blocks.pixelShuffle(blocks.conv(x, 128, { kernelInitializer }));
  x = blocks.pixelShuffle(blocks.conv(x, 128, { kernelInitializer }));
  x = blocks.conv(x, 128, { kernelInitializer });
  x = blocks.separableConv(x, 256, { kernelInitializer });
  x = blocks.conv(x, 512, { kernelInitializer });
  if (!lowmem) x = blocks.separableConv(x, 1024, { kernelInitializer });
  x = blocks.dense(blocks.flatten(x), encoderDim, { kernelInitializer });
  x = blocks.dense(x, denseShape * denseShape * 1024, { kernelInitializer });
  x = blocks.reshape(x, [denseShape, denseShape, 1024]);
  x = blocks.upscale(x, 512, { kernelInitializer });
  const encoder = tf.model({ inputs: input, outputs: x, name: 'encoder' });

  const decoderShape = INPUT_SIZE / 8;
  const decoder = (side: 'a' | 'b') => {
    const latent = tf.input({ shape: [decoderShape, decoderShape, 512], name: `decoder_${side}_in` });
    let y: Symbolic = latent;
    for (const filters of [512, 256, 128]) {
      y = blocks.upscale(y, filters, { activation: null, kernelInitializer });
      y = blocks.leakyRelu(y, 0.2);
      y = blocks.residual(y, filters, { kernelInitializer });
    }
    const outputs = [blocks.output(y, 3, { kernelSize: 5, name: `face_out_${side}` })];
    if (learnMask) {
      let m: Symbolic = latent;
      for (const filters of [512, 256, 128]) m = blocks.upscale(m, filters);
      outputs.push(blocks.output(m, 1, { kernelSize: 5, name: `mask_out_${side}` }));
    }
    return tf.model({ inputs: latent, outputs, name: `decoder_${side}` });
  };

  return sharedEncoderModel({
    inputSize: INPUT_SIZE, outputSize: INPUT_SIZE, encoder, decoderA: decoder('a'), decoderB: decoder('b'), learnMask,
  });
}
