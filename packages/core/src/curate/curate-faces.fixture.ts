/**
 * Test fixture for curation: distinct synthetic "faces" (low-frequency pattern that differs per
 * index, fine texture for sharpness) with mean-face landmarks and per-face descriptors of one
 * person, plus the copies the tests make of them: rotated (image and landmarks) and blurred.
 */
import { join } from 'node:path';
import { createImage, type Image, type Point } from '../data/image.js';
import type { FaceMetadata, FacePose } from '../data/face-metadata.js';
import { writeFaceFile } from '../data/face-writer.js';
import { rotationMatrix, transformPoints, warpAffine } from '../image/affine.js';
import { blurMask } from '../image/blur-mask.js';
import { meanFaceLandmarks } from '../testing/mean-face-landmarks.js';
import { testMetadata, toPixels } from '../masks/test-faces.fixture.js';
import { Rng } from '../util/rng.js';

export function patternImage(size: number, index: number): Image {
  const image = createImage(size, size, 3);
  const rng = new Rng(1000 + index);
  const fx = 1 + (index % 4);
  const fy = 1 + ((index >> 2) % 4);
  const phase = index * 0.9;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const base = 0.5 + 0.3 * Math.sin((2 * Math.PI * fx * x) / size + phase) * Math.cos((2 * Math.PI * fy * y) / size - phase);
      for (let c = 0; c < 3; c++) image.data[(y * size + x) * 3 + c] = base + 0.15 * (rng.next() - 0.5) + 0.05 * c;
    }
  }
  return image;
}

/** A stored pose with these angles (centering offsets zero). */
export function testPose(yaw: number, pitch = 0): FacePose {
  return { yaw, pitch, roll: 0, offsets: { legacy: [0, 0], face: [0, 0], head: [0, 0] } };
}

/** One person's descriptors: a shared direction plus a little per-face noise. */
export function personDescriptor(index: number, person = 0, noise = 0.15): number[] {
  const shared = new Rng(77 + person);
  const own = new Rng(5000 + person * 1000 + index);
  return Array.from({ length: 128 }, () => shared.normal() * 0.09 + own.normal() * 0.09 * noise);
}

export interface TestFace {
  path: string;
  image: Image;
  landmarks: Point[];
  metadata: FaceMetadata;
}

export async function writeFace(dir: string, name: string, image: Image, metadata: FaceMetadata): Promise<TestFace> {
  const path = join(dir, name);
  await writeFaceFile(path, toPixels(image), metadata);
  return { path, image, landmarks: metadata.landmarks, metadata };
}

/** `count` distinct faces of one person, named face_00.png ... */
export async function writePatternFaces(dir: string, count: number, size = 96, overrides: (i: number) => Partial<FaceMetadata> = () => ({})): Promise<TestFace[]> {
  const faces: TestFace[] = [];
  for (let i = 0; i < count; i++) {
    faces.push(await writeFace(dir, `face_${String(i).padStart(2, '0')}.png`, patternImage(size, i), testMetadata(size, { landmarks: meanFaceLandmarks(size), descriptor: personDescriptor(i), ...overrides(i) })));
  }
  return faces;
}

/** The face turned `degrees` in the image plane, landmarks with it. */
export function rotatedCopy(face: TestFace, degrees: number): { image: Image; metadata: FaceMetadata } {
  const size = face.image.width;
  const matrix = rotationMatrix([(size - 1) / 2, (size - 1) / 2], degrees, 1);
  return { image: warpAffine(face.image, matrix), metadata: { ...face.metadata, landmarks: transformPoints(face.landmarks, matrix) } };
}

/** The face blurred with a Gaussian of `kernel` px. */
export function blurredCopy(face: TestFace, kernel: number): { image: Image; metadata: FaceMetadata } {
  return { image: blurMask(face.image, kernel), metadata: face.metadata };
}
