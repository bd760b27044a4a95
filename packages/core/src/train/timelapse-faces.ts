/** Timelapse: the first ≤14 faces (sorted) of two folders, rendered at every save. */
import { listFaceFiles } from '../data/face-set.js';
import { readFaceFile } from '../data/face-file.js';
import type { Image } from '../data/image.js';
import type { Centering } from '../data/face-metadata.js';
import type { Logger } from '../util/logger.js';
import { DataError } from '../util/errors.js';

const TIMELAPSE_FACES = 14;

async function firstFaces(dir: string, size: number, coverage: number, log: Logger, centering?: Centering): Promise<Image[]> {
  const images: Image[] = [];
  for (const file of await listFaceFiles(dir)) {
    if (images.length === TIMELAPSE_FACES) break;
    try {
      images.push((await readFaceFile(file, size, coverage, centering)).image);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      log.warn(`timelapse: skipping ${error.message}`);
    }
  }
  if (images.length === 0) throw new DataError(`timelapse folder ${dir} has no readable faces`);
  return images;
}

export async function loadTimelapseFaces(folders: { inputA: string; inputB: string }, size: number, coverage: number, log: Logger, centering?: Centering) {
  const a = await firstFaces(folders.inputA, size, coverage, log, centering);
  const b = await firstFaces(folders.inputB, size, coverage, log, centering);
  const count = Math.min(a.length, b.length);
  return { a: a.slice(0, count), b: b.slice(0, count) };
}
