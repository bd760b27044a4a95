/**
 * SR training pairs made from a face-swap model's own output, for convert's upscaler. For each real
 * face: LR = the decoder's face for it, framed exactly as convert frames a face for the model; HR =
 * that same square of the real face at ×4 the decoder's output size. An SR model trained on these
 * learns to restore what that decoder loses, which is the input convert's upscaler sees (a model
 * trained on bicubic reductions of sharp faces learns a different mapping).
 *
 * Geometry: convert cuts the model's square out of the frame with the face's alignment matrix
 * composed with the model's centering/coverage crop (core's modelFaceMatrix) and area sampling
 * (extractFace). An extracted face is the frame under that alignment, so the same crop rectangle
 * (modelCropRect) and the same area sampling applied to the face file give the model's input at
 * its input size. The HR target is that same square resized to 4 × the decoder's output size with
 * MATLAB-style bicubic (antialiased when it shrinks; the resize the SR data uses), so its pixel
 * centres map onto the LR's as a ×4 resize's do. No augmentation, no warp. The decoder's mask (learn_mask) is not used: convert's upscaler only
 * sees the face.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { DataError, tf, writeFileAtomic, type Centering, type Forge, type Image } from '@faceforge/core';
import { cropMatrix, extractFace, loadTrainedModel, modelCropRect, type TrainedModel } from '@faceforge/core/convert';
import { readFaceMetadata, type CenteringOffsets } from '@faceforge/core/extract';
import { SCALE } from './sr-images.js';
import { resizeBicubic } from './bicubic.js';
import { cropPixels, encodePng, readRgb, toBytes, toFloat } from './pixels.js';

/** The DIV2K-style folders the pairs are written to (what `listSrImages` recognises). */
export const SWAP_PAIRS_HR_DIR = 'swap_HR';
export const SWAP_PAIRS_LR_DIR = join('swap_LR_bicubic', `X${SCALE}`);
/**
 * The central fraction of the face square the pairs keep by default: about the extent of convert's
 * face mask in a face-centred square (bench/sr.mjs --pairs-from: trained on whole squares, the SR
 * model scored under bicubic in the masked face; on this centre, above it).
 */
export const SWAP_PAIRS_CENTRE = 0.625;

export interface SwapPairsOptions {
  forge: Forge;
  /** Folder of faces (from `faceforge extract`, or plain square face images). */
  faces: string;
  /** The trained face-swap model folder. */
  swapModel: string;
  /** Which decoder makes the LR faces: the side whose faces `faces` holds (a reconstruction). */
  side: 'a' | 'b';
  /** Output folder: `swap_HR/NAME.png` and `swap_LR_bicubic/X4/NAMEx4.png`. */
  output: string;
  /** Which face files to use (by file name); default all. */
  include?: (fileName: string) => boolean;
  /**
   * The central fraction of each face kept in the pairs (default SWAP_PAIRS_CENTRE; 1: the whole square). Convert pastes only
   * the masked face, the middle of the square: trained on whole squares, an SR model spends its
   * capacity on the background around the face, which is easier to correct and never shown.
   */
  centre?: number;
  /** Faces through the decoder at once. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SwapPairsResult {
  written: number;
  /** Faces whose model square is smaller than the HR size: their HR is a bicubic enlargement (extract faces larger for sharper targets). */
  upsampled: string[];
  /** Decoder input and output sizes, px, and the sides of the LR and HR images written (their centre when `centre` < 1). */
  inputSize: number;
  outputSize: number;
  lrSize: number;
  hrSize: number;
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);

interface FaceInput {
  name: string;
  input: Image;
  hr: Image;
}

/**
 * The face's centering and pose offsets from its embedded metadata, read as convert's alignments
 * locator reads them (core's readFaceMetadata); none for a plain image or a non-PNG face.
 */
async function faceFraming(file: string): Promise<{ centering?: Centering; offsets?: CenteringOffsets }> {
  if (extname(file).toLowerCase() !== '.png') return {};
  const metadata = await readFaceMetadata(file);
  return { centering: metadata?.centering, offsets: metadata?.pose?.offsets };
}

/** The model's input square and the HR square of one face file. */
async function cutFace(file: string, trained: TrainedModel, hrSize: number): Promise<FaceInput & { upsampled: boolean }> {
  const image = toFloat(await readRgb(file).catch((error: Error) => {
    throw new DataError(`${file}: not a readable image (${error.message})`);
  }));
  if (image.width !== image.height || image.width < 8) throw new DataError(`${file}: ${image.width}×${image.height}: a face image must be square (faces from faceforge extract are)`);
  const framing = await faceFraming(file);
  const rect = modelCropRect({ size: image.width, centering: framing.centering ?? trained.framing.centering, offsets: framing.offsets }, trained.framing);
  const inputSize = trained.model.inputSize;
  return {
    name: basename(file, extname(file)),
    input: extractFace(image, cropMatrix(rect, inputSize), inputSize).image,
    // The square at its own size is a plain copy of its pixels (edges replicated past the file's), then bicubic.
    hr: resizeBicubic(extractFace(image, cropMatrix(rect, rect.size), rect.size).image, hrSize, hrSize),
    upsampled: rect.size < hrSize,
  };
}

/** The decoder's faces for a batch of model inputs, float RGB at the decoder's output size. */
export async function decodeFaces(trained: TrainedModel, side: 'a' | 'b', inputs: Image[]): Promise<Image[]> {
  const size = trained.model.inputSize;
  const stacked = new Float32Array(inputs.length * size * size * 3);
  inputs.forEach((input, i) => stacked.set(input.data, i * size * size * 3));
  const face = tf.tidy(() => trained.model.forward(tf.tensor4d(stacked, [inputs.length, size, size, 3]), side, false).face);
  try {
    const [n, height, width] = face.shape;
    const data = (await face.data()) as Float32Array;
    const each = height * width * 3;
    return Array.from({ length: n }, (_, i) => ({ width, height, channels: 3, data: data.slice(i * each, (i + 1) * each) }));
  } finally {
    face.dispose();
  }
}

/** Writes the pairs of every face in `faces`; see the file comment. */
export async function makeSwapPairs(options: SwapPairsOptions): Promise<SwapPairsResult> {
  const entries = await readdir(options.faces, { withFileTypes: true }).catch(() => {
    throw new DataError(`${options.faces}: not a folder of faces`);
  });
  const files = entries
    .filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()) && (options.include?.(e.name) ?? true))
    .map((e) => join(options.faces, e.name))
    .sort();
  if (files.length === 0) throw new DataError(`${options.faces}: no face images found (${[...IMAGE_EXTENSIONS].join(', ')})`);
  const centre = options.centre ?? SWAP_PAIRS_CENTRE;
  if (!(centre > 0 && centre <= 1)) throw new DataError(`centre ${centre}: the fraction of the face kept must be in (0, 1]`);

  const trained = await loadTrainedModel(options.forge, options.swapModel);
  try {
    const outputSize = trained.state.outputSize;
    const lrSize = Math.max(1, Math.round(outputSize * centre));
    const lrLeft = Math.floor((outputSize - lrSize) / 2);
    const hrSize = SCALE * lrSize;
    const hrDir = join(options.output, SWAP_PAIRS_HR_DIR);
    const lrDir = join(options.output, SWAP_PAIRS_LR_DIR);
    await mkdir(hrDir, { recursive: true });
    await mkdir(lrDir, { recursive: true });
    const batchSize = options.batchSize ?? 8;
    const upsampled: string[] = [];
    let written = 0;
    for (let start = 0; start < files.length; start += batchSize) {
      const batch: FaceInput[] = [];
      for (const file of files.slice(start, start + batchSize)) {
        const face = await cutFace(file, trained, SCALE * outputSize);
        batch.push(face);
        if (face.upsampled) upsampled.push(file);
      }
      const decoded = await decodeFaces(trained, options.side, batch.map((f) => f.input));
      for (const [i, face] of batch.entries()) {
        const lr = decoded[i]!;
        if (lr.width !== outputSize) throw new Error(`${options.swapModel}: decoder ${options.side} gave ${lr.width} px faces, state.json says ${outputSize}`);
        const hr = cropPixels(toBytes(face.hr), SCALE * lrLeft, SCALE * lrLeft, hrSize, hrSize);
        await writeFileAtomic(join(hrDir, `${face.name}.png`), await encodePng(hr));
        await writeFileAtomic(join(lrDir, `${face.name}x${SCALE}.png`), await encodePng(cropPixels(toBytes(lr), lrLeft, lrLeft, lrSize, lrSize)));
        written++;
      }
      options.onProgress?.(Math.min(start + batchSize, files.length), files.length);
    }
    return { written, upsampled, inputSize: trained.model.inputSize, outputSize, lrSize, hrSize };
  } finally {
    trained.dispose();
  }
}
