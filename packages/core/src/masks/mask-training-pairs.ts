/**
 * (face, mask) pairs for training a neural mask, at its input size. The mask of a face comes from
 * an image file of the same name in `maskDir` (white = face), or else from the face itself: the
 * stored mask `masksFrom` (e.g. one drawn or fixed by hand), or, when none is stored, that mask
 * type made from the face's landmarks (extended, components). Faces without a usable mask are
 * skipped with a warning naming them.
 */
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import type { Forge } from '../forge.js';
import type { Image } from '../data/image.js';
import type { MaskTrainingPair } from '../hooks/contributions.js';
import { listFaceFiles } from '../data/face-set.js';
import { readFaceFile } from '../data/face-file.js';
import { DataError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export interface MaskPairOptions {
  /** Folder of extracted faces. */
  dir: string;
  /** Side of the faces and masks. */
  size: number;
  /** Stored mask name or landmark mask type; default 'extended'. */
  masksFrom?: string;
  /** Folder of mask images named like the faces (any of .png/.jpg/.jpeg). */
  maskDir?: string;
  log: Logger;
}

const MASK_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

/** Reads a mask image as 1 channel, 0..1, size×size. */
export async function readMaskImage(path: string, size: number): Promise<Image> {
  let raw: Buffer;
  try {
    raw = await sharp(path, { failOn: 'error' }).removeAlpha().toColourspace('b-w').resize(size, size, { kernel: 'linear', fit: 'fill' }).raw().toBuffer();
  } catch (error) {
    throw new DataError(`${path}: not a readable mask image (${(error as Error).message})`);
  }
  if (raw.length !== size * size) throw new DataError(`${path}: unexpected channel layout for a mask image`);
  return { width: size, height: size, channels: 1, data: Float32Array.from(raw, (v) => v / 255) };
}

/** Mask images in `maskDir` by face stem (file name without extension). */
async function maskFilesByStem(maskDir: string): Promise<Map<string, string>> {
  const names = await readdir(maskDir).catch(() => {
    throw new DataError(`mask folder ${maskDir} does not exist`);
  });
  const byStem = new Map<string, string>();
  for (const name of names.sort()) {
    if (!MASK_EXTENSIONS.includes(extname(name).toLowerCase())) continue;
    const stem = basename(name, extname(name));
    if (!byStem.has(stem)) byStem.set(stem, join(maskDir, name));
  }
  return byStem;
}

export async function loadMaskTrainingPairs(forge: Forge, options: MaskPairOptions): Promise<MaskTrainingPair[]> {
  const files = await listFaceFiles(options.dir);
  const masksFrom = options.masksFrom ?? 'extended';
  const maskFiles = options.maskDir ? await maskFilesByStem(options.maskDir) : undefined;
  const pairs: MaskTrainingPair[] = [];
  for (const path of files) {
    try {
      const decoded = await readFaceFile(path, options.size, 1, undefined, maskFiles ? [] : [masksFrom]);
      let mask: Image;
      if (maskFiles) {
        const file = maskFiles.get(basename(path, extname(path)));
        if (!file) throw new DataError(`${path}: no mask image of the same name in ${options.maskDir}`);
        mask = await readMaskImage(file, options.size);
      } else {
        const stored = decoded.masks[masksFrom];
        if (stored) mask = stored;
        else {
          const definition = forge.masks.has(masksFrom) ? forge.masks.get(masksFrom) : undefined;
          if (!definition || definition.neural) throw new DataError(`${path}: has no stored '${masksFrom}' mask`);
          mask = definition.create({ path, image: decoded.image, landmarks: decoded.landmarks, masks: {}, metadata: decoded.metadata }, options.size);
        }
      }
      pairs.push({ path, face: decoded.image, mask });
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      options.log.warn(`skipping ${error.message}`);
    }
  }
  if (pairs.length === 0) {
    const source = maskFiles ? `mask images in ${options.maskDir}` : `'${masksFrom}' masks (stored, or from landmarks)`;
    throw new DataError(`${options.dir}: no face has a usable mask: found ${files.length} face file(s), none with ${source}`);
  }
  return pairs;
}
