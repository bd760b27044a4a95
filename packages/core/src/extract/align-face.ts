/**
 * Aligning a detected face: the legacy matrix (Umeyama of landmarks 17..67 onto the mean face),
 * moved to the chosen centering by the pose offsets and scaled into an aligned image of `size`
 * with faceswap's padding; then the frame warped through it.
 */
import type { AffineMatrix } from '../image/affine.js';
import { invertAffine, transformPoints } from '../image/affine.js';
import type { Centering } from '../data/face-metadata.js';
import type { Point } from '../image/image.js';
import type { PixelGrid } from '../image/pixel-grid.js';
import type { RgbPixels } from '../image/rgb-pixels.js';
import { samplesPerSide, warpAffineArea } from '../image/warp-affine-area.js';
import { nativeWarpFace } from './native-warp.js';
import { paddingFromCoverage } from './centering.js';
import { MEAN_FACE_2D_51, MEAN_FACE_2D_FIRST } from './mean-face.js';
import { estimatePose, type PoseEstimate } from './pose.js';
import { umeyama } from './umeyama.js';

/** Default aligned face size (faceswap's extract default). */
export const DEFAULT_FACE_SIZE = 512;

/** Maps frame pixels to the legacy unit square (mean face's box, 0..1). */
export function legacyMatrix(landmarks: readonly Point[]): AffineMatrix {
  if (landmarks.length !== 68) throw new Error(`alignment needs 68 landmarks, got ${landmarks.length}`);
  return umeyama(landmarks.slice(MEAN_FACE_2D_FIRST), MEAN_FACE_2D_51);
}

export interface AlignedFaceGeometry {
  /** Frame pixels → aligned face pixels. */
  matrix: AffineMatrix;
  /** Frame pixels → legacy unit square. */
  legacy: AffineMatrix;
  pose: PoseEstimate;
  /** Degrees the face is turned in the frame's plane, positive clockwise on screen. */
  roll: number;
  /** The 68 landmarks in the aligned face's pixels. */
  landmarks: Point[];
  size: number;
  centering: Centering;
}

/**
 * The aligned frame of a face with these frame landmarks: the legacy matrix with its translation
 * moved by the centering's pose offset, scaled by the unit square's side S − 2·padding and
 * shifted by the padding (faceswap's AlignedFace.adjusted_matrix).
 */
export function alignFace(landmarks: readonly Point[], options: { size?: number; centering?: Centering; coverage?: number } = {}): AlignedFaceGeometry {
  const size = options.size ?? DEFAULT_FACE_SIZE;
  const centering = options.centering ?? 'head';
  const legacy = legacyMatrix(landmarks);
  const pose = estimatePose(transformPoints(landmarks, legacy));
  const padding = paddingFromCoverage(size, centering, options.coverage ?? 1);
  const unit = size - 2 * padding;
  const [ox, oy] = pose.offsets[centering];
  const [a, b, c, d, e, f] = legacy;
  const matrix: AffineMatrix = [a * unit, b * unit, (c - ox) * unit + padding, d * unit, e * unit, (f - oy) * unit + padding];
  // The legacy matrix rotates the face upright; the face is turned the opposite way in the frame.
  const roll = (-Math.atan2(d, a) * 180) / Math.PI;
  return { matrix, legacy, pose, roll, landmarks: transformPoints(landmarks, matrix), size, centering };
}

/**
 * Warps `source` through `matrix` (source pixels → output pixels) into a width×height output,
 * zero outside the source (like faceswap's warpAffine border), averaging over each output pixel's
 * footprint when the warp shrinks (image/warp-affine-area.ts).
 */
export function warpAffineCrop(source: PixelGrid, matrix: AffineMatrix, width: number, height: number): Float32Array {
  return warpAffineArea(source, invertAffine(matrix), width, height, { edge: 'zero', sum: 'float32' }).data;
}

/**
 * The aligned face: an 8-bit RGB frame warped through `matrix` into size×size, black outside the
 * frame. On backend-native's kernel where this thread loaded it (useNativeWarp): the same bytes.
 */
export function warpFace(frame: RgbPixels, matrix: AffineMatrix, size: number): RgbPixels {
  const inverse = invertAffine(matrix);
  const native = nativeWarpFace(frame, inverse, samplesPerSide(inverse), size);
  if (native) return native;
  const warped = warpAffineCrop({ ...frame, channels: 3 }, matrix, size, size);
  const out = new Uint8Array(warped.length);
  for (let i = 0; i < warped.length; i++) out[i] = Math.round(warped[i]!);
  return { width: size, height: size, data: out };
}
