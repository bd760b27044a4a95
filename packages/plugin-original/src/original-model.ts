/**
 * faceswap's Original model (plugins/train/model/original.py), layer for layer:
 *   encoder: 64×64×3 → conv 128, 256, 512, 1024 (k5 s2, LeakyReLU 0.1; no 1024 when lowmem)
 *            → flatten → dense(1024 | 512) → dense(4·4·1024) → reshape 4×4×1024 → upscale 512 → 8×8×512
 *   decoder: upscale 256, 128, 64 → conv k5 → sigmoid 64×64×3 (+ a mask branch when learn_mask)
 * 82,062,470 parameters (lowmem 60,565,126).
 */
import type { ModelBuildContext, FaceSwapModel, tf as TfNamespace } from '@faceforge/core';

type Symbolic = TfNamespace.SymbolicTensor;

export const INPUT_SIZE = 64;

export function buildOriginal(context: ModelBuildContext): FaceSwapModel {
  const { tf, blocks, learnMask, sharedEncoderModel } = context;
  const lowmem = context.config.lowmem === true;
  const encoderDim = lowmem ? 512 : 1024;

  const input = tf.input({ shape: [INPUT_SIZE, INPUT_SIZE, 3], name: 'face_in' });
  let x: Symbolic = blocks.conv(input, 128);
  x = blocks.conv(x, 256);
  x = blocks.conv(x, 512);
  if (!lowmem) x = blocks.conv(x, 1024);
  x = blocks.dense(blocks.flatten(x), encoderDim);
  x = blocks.dense(x, 4 * 4 * 1024);
  x = blocks.reshape(x, [4, 4, 1024]);
  x = blocks.upscale(x, 512);
  const encoder = tf.model({ inputs: input, outputs: x, name: 'encoder' });

  const decoder = (side: 'a' | 'b') => {
    const latent = tf.input({ shape: [8, 8, 512], name: `decoder_${side}_in` });
    let y = blocks.upscale(latent, 256);
    y = blocks.upscale(y, 128);
    y = blocks.upscale(y, 64);
    const outputs = [blocks.output(y, 3, { name: `face_out_${side}` })];
    if (learnMask) {
      let m = blocks.upscale(latent, 256);
      m = blocks.upscale(m, 128);
      m = blocks.upscale(m, 64);
      outputs.push(blocks.output(m, 1, { name: `mask_out_${side}` }));
    }
    return tf.model({ inputs: latent, outputs, name: `decoder_${side}` });
  };

  return sharedEncoderModel({
    inputSize: INPUT_SIZE, outputSize: INPUT_SIZE, encoder, decoderA: decoder('a'), decoderB: decoder('b'), learnMask,
  });
}
