/**
 * The real faces the harness ships (packages/core/testing-faces): 25 aligned 64 px faces of each of
 * two people (MIN_FACES, the fewest a training run accepts), with faceforge metadata (68 landmarks,
 * alignment, pose, stored landmark masks), so a plugin author needs no data of their own.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { FaceRecord } from '../data/face-record.js';
import type { Side } from '../model/face-swap-model.js';
import { loadFaceSet } from '../data/face-set.js';
import { silentLogger } from '../util/logger.js';

/** The folder holding `a/*.png` and `b/*.png`, found relative to this file (dist/testing/ → package root). */
export const TESTING_FACES_DIR = fileURLToPath(new URL('../../testing-faces/', import.meta.url));

/** Size in pixels of the shipped faces. */
export const TESTING_FACE_SIZE = 64;

/** The two folders of shipped faces, as `train` takes them (`inputA`, `inputB`). */
export function testingFaces(): Record<Side, string> {
  return { a: join(TESTING_FACES_DIR, 'a'), b: join(TESTING_FACES_DIR, 'b') };
}

/**
 * One person's shipped faces, loaded as training loads them (landmarks and stored masks scaled to
 * `size`); `count` takes the first faces in file order.
 */
export async function loadTestingFaces(side: Side, options: { size?: number; count?: number } = {}): Promise<FaceRecord[]> {
  const faces = await loadFaceSet(testingFaces()[side], { size: options.size ?? TESTING_FACE_SIZE, coverage: 1, log: silentLogger, minFaces: 1 });
  return options.count === undefined ? faces : faces.slice(0, options.count);
}
