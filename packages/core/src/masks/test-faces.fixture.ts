/** Test fixture: extracted-looking face files (pixels, mean-face landmarks, metadata) written to a folder. */
import { join } from 'node:path';
import type { Image, Point } from '../data/image.js';
import type { FaceMetadata } from '../data/face-metadata.js';
import { writeFaceFile } from '../data/face-writer.js';
import { smoothTestImage } from '../testing/test-images.js';
import { meanFaceLandmarks } from '../testing/mean-face-landmarks.js';

export function toPixels(image: Image): { width: number; height: number; data: Uint8Array } {
  return { width: image.width, height: image.height, data: Uint8Array.from(image.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)) };
}

export function testMetadata(size: number, overrides: Partial<FaceMetadata> = {}): FaceMetadata {
  return {
    format: 'faceforge-face', version: 1, size, centering: 'head', landmarks: meanFaceLandmarks(size),
    source: { file: 'clip.mp4', frame: 0, faceIndex: 0, frameSize: [640, 480] }, box: [10, 10, 100, 100], matrix: [1, 0, 0, 0, 1, 0],
    masks: {}, ...overrides,
  };
}

/** Writes `count` faces face_00.png, face_01.png, ... of `size` px; returns their paths. */
export async function writeTestFaces(dir: string, count: number, size = 64, metadata: (i: number, landmarks: Point[]) => Partial<FaceMetadata> = () => ({})): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `face_${String(i).padStart(2, '0')}.png`);
    const landmarks = meanFaceLandmarks(size);
    await writeFaceFile(path, toPixels(smoothTestImage(size, size)), testMetadata(size, { landmarks, ...metadata(i, landmarks) }));
    paths.push(path);
  }
  return paths;
}
