/**
 * The swap itself: faces cut at the model's input size go through the encoder and the other
 * side's decoder (faceswap's inference model), a batch at a time, on whatever tfjs backend is
 * active. The `upscale` hook sees the batch before it leaves tfjs. Every tensor is made and
 * freed inside the call, so a long video does not grow tfjs's memory.
 */
import { tf } from '../tf.js';
import type { Image } from '../data/image.js';
import type { ForgeHooks } from '../hooks/forge-hooks.js';
import type { ConvertRun } from './convert-types.js';

export interface SwapOutput {
  /** Swapped faces, RGB, at the decoder's (or the upscaler's) resolution. */
  faces: Image[];
  /** The model's own masks (learn_mask), at the decoder's resolution. */
  masks?: Image[];
}

function imagesOf(tensor: tf.Tensor4D, data: Float32Array): Image[] {
  const [n, height, width, channels] = tensor.shape;
  const size = height * width * channels;
  return Array.from({ length: n }, (_, i) => ({ width, height, channels, data: data.slice(i * size, (i + 1) * size) }));
}

/** Swaps one batch of faces (each `inputSize`² RGB). */
export async function swapBatch(faces: Image[], run: ConvertRun, hooks: ForgeHooks): Promise<SwapOutput> {
  if (faces.length === 0) return { faces: [] };
  const size = run.model.inputSize;
  const stacked = new Float32Array(faces.length * size * size * 3);
  faces.forEach((face, i) => {
    if (face.width !== size || face.height !== size || face.channels !== 3) {
      throw new RangeError(`swapBatch: face ${i} is ${face.width}x${face.height}x${face.channels}, the model takes ${size}x${size}x3`);
    }
    stacked.set(face.data, i * face.data.length);
  });
  const { face, mask } = tf.tidy(() => {
    const input = tf.tensor4d(stacked, [faces.length, size, size, 3]);
    const out = run.model.forward(input, run.decoder, false);
    const upscaled = hooks.upscale.call(out.face, { tf, run });
    return { face: upscaled, mask: out.mask };
  });
  try {
    const faceData = (await face.data()) as Float32Array;
    const maskData = mask ? ((await mask.data()) as Float32Array) : undefined;
    return { faces: imagesOf(face, faceData), masks: mask && maskData ? imagesOf(mask, maskData) : undefined };
  } finally {
    face.dispose();
    mask?.dispose();
  }
}
