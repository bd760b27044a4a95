/**
 * `faceforge mask`: computes one mask type for every extracted face in a folder and stores it in
 * the face's metadata, in place and atomically (the pixels are not re-encoded). Landmark masks
 * are drawn from the face's landmarks; neural masks are predicted in batches with the given
 * weights. A face that cannot be read or masked is reported and skipped; the rest go on.
 */
import type { Forge } from '../forge.js';
import type { Image } from '../data/image.js';
import type { MaskPredictor } from '../hooks/contributions.js';
import { listFaceFiles } from '../data/face-set.js';
import { readFaceFile } from '../data/face-file.js';
import { readFaceMetadata, updateFaceMetadata } from '../data/face-writer.js';
import { encodeStoredMask } from '../data/face-metadata.js';
import { resizeImage } from '../data/resize-image.js';
import { DataError } from '../util/errors.js';

export interface AddMasksOptions {
  dir: string;
  /** Mask type (registry name): extended, components, u2net, ... */
  type: string;
  /** Weights file of a neural mask. */
  weights?: string;
  /** Values of the mask plugin's config section (neural masks). */
  config?: Record<string, unknown>;
  /** Side of the stored mask (faceswap's default: 128). */
  storageSize?: number;
  /** Leave faces that already have this mask alone. */
  missingOnly?: boolean;
  /** Faces read and predicted together. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?(progress: AddMasksProgress): void;
}

export interface AddMasksProgress {
  done: number;
  total: number;
  updated: number;
  /** A face that failed, when this update reports one. */
  failure?: { path: string; message: string };
}

export interface AddMasksResult {
  total: number;
  updated: number;
  /** Already had the mask (--missing-only). */
  skipped: number;
  failed: Array<{ path: string; message: string }>;
  seconds: number;
}

/** Errors that concern one file (unreadable, not a face, no landmarks): reported, not fatal. */
function isFileProblem(error: unknown): error is Error {
  return error instanceof DataError || (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string');
}

export async function addMasks(forge: Forge, options: AddMasksOptions): Promise<AddMasksResult> {
  const definition = forge.masks.get(options.type);
  const storageSize = options.storageSize ?? 128;
  const batchSize = options.batchSize ?? 8;
  let predictor: MaskPredictor | undefined;
  if (definition.neural) {
    if (!options.weights) throw new DataError(`the '${options.type}' mask is predicted by a network: give its weights with --weights FILE (train them with \`faceforge mask train\`)`);
    predictor = await definition.neural.load(options.weights, options.config ?? {});
  }
  const files = await listFaceFiles(options.dir);
  if (files.length === 0) throw new DataError(`${options.dir}: no face images (.png, .jpg) in this folder`);
  const started = performance.now();
  const result: AddMasksResult = { total: files.length, updated: 0, skipped: 0, failed: [], seconds: 0 };
  let done = 0;
  const fail = (path: string, error: Error) => {
    const failure = { path, message: error.message };
    result.failed.push(failure);
    options.onProgress?.({ done, total: files.length, updated: result.updated, failure });
  };

  const store = async (path: string, mask: Image) => {
    const sized = mask.width === storageSize ? mask : resizeImage(mask, storageSize, storageSize);
    await updateFaceMetadata(path, (metadata) => ({ ...metadata, masks: { ...metadata.masks, [options.type]: encodeStoredMask(sized) } }));
    result.updated++;
  };

  try {
    for (let start = 0; start < files.length && !options.signal?.aborted; start += batchSize) {
      // read the batch; landmark masks are made and stored right away, neural ones predicted together
      const toPredict: Array<{ path: string; face: Image }> = [];
      for (const path of files.slice(start, start + batchSize)) {
        try {
          const metadata = await readFaceMetadata(path);
          if (!metadata) throw new DataError(`${path}: not an extracted face (no faceforge metadata); run \`faceforge extract\` first`);
          if (options.missingOnly && metadata.masks?.[options.type]) {
            result.skipped++;
            continue;
          }
          if (predictor) {
            toPredict.push({ path, face: (await readFaceFile(path, predictor.inputSize, 1)).image });
          } else {
            const decoded = await readFaceFile(path, storageSize, 1);
            await store(path, definition.create({ path, image: decoded.image, landmarks: decoded.landmarks, masks: {}, metadata: decoded.metadata }, storageSize));
          }
        } catch (error) {
          if (!isFileProblem(error)) throw error;
          fail(path, error);
        }
      }
      if (predictor && toPredict.length > 0) {
        const masks = await predictor.predict(toPredict.map((p) => p.face));
        for (const [i, { path }] of toPredict.entries()) {
          try {
            await store(path, masks[i]!);
          } catch (error) {
            if (!isFileProblem(error)) throw error;
            fail(path, error);
          }
        }
      }
      done = Math.min(files.length, start + batchSize);
      options.onProgress?.({ done, total: files.length, updated: result.updated });
    }
  } finally {
    predictor?.dispose();
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
