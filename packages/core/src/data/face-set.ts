/**
 * A side's training faces: every PNG/JPEG in a folder, loaded once into memory at the processing
 * size. Unreadable files are skipped with a warning naming them; too few faces is an error.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, extname } from 'node:path';
import type { FaceRecord } from './face-record.js';
import type { Centering } from './face-metadata.js';
import { readFaceFile } from './face-file.js';
import { DataError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export const MIN_FACES = 25;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

export interface FaceSetOptions {
  size: number;
  coverage: number;
  /** The model's centering: extracted faces are cut to it (plain images are centre-cropped). */
  centering?: Centering;
  /** Stored masks to load into each face's `masks` (default: all it carries). */
  masks?: readonly string[];
  log: Logger;
  /** Called on each face after loading (the loadFace hook). */
  transform?: (face: FaceRecord) => Promise<FaceRecord>;
  minFaces?: number;
}

export async function listFaceFiles(dir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new DataError(`face folder ${dir} does not exist`);
  }
  if (!info.isDirectory()) throw new DataError(`${dir} is not a folder of face images`);
  const names = await readdir(dir);
  return names.filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase())).sort().map((n) => join(dir, n));
}

/** Refuses a folder with too few face images before anything is built or loaded (a cheap count of files). */
export async function checkFaceCount(dir: string, minimum = MIN_FACES): Promise<void> {
  const files = await listFaceFiles(dir);
  if (files.length < minimum) throw new DataError(`${dir}: ${files.length} face image(s), at least ${minimum} are needed to train`);
}

export async function loadFaceSet(dir: string, options: FaceSetOptions): Promise<FaceRecord[]> {
  const files = await listFaceFiles(dir);
  const faces: FaceRecord[] = [];
  // A few decodes in flight keep sharp busy without holding many raw images at once.
  const results = new Array<FaceRecord | undefined>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const path = files[index]!;
      try {
        const decoded = await readFaceFile(path, options.size, options.coverage, options.centering, options.masks);
        let face: FaceRecord = { path, image: decoded.image, landmarks: decoded.landmarks, masks: decoded.masks, metadata: decoded.metadata };
        if (options.transform) face = await options.transform(face);
        results[index] = face;
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        options.log.warn(`skipping ${error.message}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  for (const face of results) if (face) faces.push(face);
  const minimum = options.minFaces ?? MIN_FACES;
  if (faces.length < minimum) {
    throw new DataError(`${dir}: ${faces.length} usable face image(s), at least ${minimum} are needed (found ${files.length} image file(s))`);
  }
  return faces;
}
