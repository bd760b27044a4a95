/**
 * Aligning a detected face: the legacy matrix (Umeyama of landmarks 17..67 onto the mean face),
 * moved to the chosen centering by the pose offsets and scaled into an aligned image of `size`
 * with faceswap's padding; then the frame warped through it.
 */
import type { AffineMatrix } from '../augment/affine.js';
import { invertAffine, transformPoints } from '../augment/affine.js';
import type { Centering } from '../data/face-metadata.js';
import type { RgbPixels } from '../data/face-writer.js';
import type { Point } from '../data/image.js';
import { paddingFromCoverage } from './centering.js';
import { MEAN_FACE_2D_51, MEAN_FACE_2D_FIRST } from './mean-face.js';
import { estimatePose, type PoseEstimate } from './pose.js';
import { matrixScale, umeyama } from './umeyama.js';

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

/** Pixels of any channel count, interleaved: an 8-bit frame or a float Image. */
export interface PixelGrid {
  width: number;
  height: number;
  channels: number;
  data: ArrayLike<number>;
}

/**
 * Warps `source` through `matrix` (source pixels → output pixels) into a width×height output:
 * bilinear, zero outside the source (like faceswap's warpAffine border), pixel centres at
 * integer coordinates. When the warp shrinks, each output pixel averages a k×k grid of samples
 * (k = ⌈1/scale⌉, at most 8) so fine detail does not alias (like INTER_AREA).
 */
export function warpAffineCrop(source: PixelGrid, matrix: AffineMatrix, width: number, height: number): Float32Array {
  const { width: w, height: h, channels, data } = source;
  const [a, b, c, d, e, f] = invertAffine(matrix);
  const k = Math.max(1, Math.min(8, Math.ceil(1 / matrixScale(matrix) - 1e-6)));
  const weight = 1 / (k * k);
  const out = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      for (let j = 0; j < k; j++) {
        const oy = y + (j + 0.5) / k - 0.5;
        for (let i = 0; i < k; i++) {
          const ox = x + (i + 0.5) / k - 0.5;
          const sx = a * ox + b * oy + c;
          const sy = d * ox + e * oy + f;
          // More than half a pixel outside the source reads as zero.
          if (sx < -0.5 || sy < -0.5 || sx > w - 0.5 || sy > h - 0.5) continue;
          const cx = sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx;
          const cy = sy < 0 ? 0 : sy > h - 1 ? h - 1 : sy;
          const x0 = Math.floor(cx), y0 = Math.floor(cy);
          const x1 = x0 + 1 < w ? x0 + 1 : x0;
          const y1 = y0 + 1 < h ? y0 + 1 : y0;
          const fx = cx - x0, fy = cy - y0;
          const i00 = (y0 * w + x0) * channels, i01 = (y0 * w + x1) * channels;
          const i10 = (y1 * w + x0) * channels, i11 = (y1 * w + x1) * channels;
          for (let ch = 0; ch < channels; ch++) {
            const top = data[i00 + ch]! + (data[i01 + ch]! - data[i00 + ch]!) * fx;
            const bottom = data[i10 + ch]! + (data[i11 + ch]! - data[i10 + ch]!) * fx;
            out[o + ch]! += (top + (bottom - top) * fy) * weight;
          }
        }
      }
    }
  }
  return out;
}

/** The aligned face: an 8-bit RGB frame warped through `matrix` into size×size, black outside the frame. */
export function warpFace(frame: RgbPixels, matrix: AffineMatrix, size: number): RgbPixels {
  const warped = warpAffineCrop({ ...frame, channels: 3 }, matrix, size, size);
  const out = new Uint8Array(warped.length);
  for (let i = 0; i < warped.length; i++) out[i] = Math.round(warped[i]!);
  return { width: size, height: size, data: out };
}
