/**
 * faceswap's framing maths (faceswap.md §7): how much of an aligned image the legacy unit square
 * (the mean face's box) fills for each centering, and how to cut a face of one centering and
 * coverage out of an aligned face of another. Extraction writes head-centred faces; training
 * cuts the model's centering and coverage out of them with these functions.
 */
import type { Centering } from '../data/face-metadata.js';
import type { Point } from '../data/image.js';

/** Share of the image side that is padding around the legacy unit square, at coverage 1 (EXTRACT_RATIOS). */
export const EXTRACT_RATIOS: Readonly<Record<Centering, number>> = { legacy: 0.375, face: 0.5, head: 0.625 };

export const CENTERINGS: readonly Centering[] = ['legacy', 'face', 'head'];

/** Pose offsets of each centering's centre from the legacy centre (0.5, 0.5), in legacy-unit coordinates. */
export type CenteringOffsets = Record<Centering, Point>;

/** numpy's rint / Python 3's round: halves go to the even neighbour, so results match faceswap's. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (Math.abs(diff - 0.5) > 1e-9) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Padding in pixels on each side of the legacy unit square, for an aligned face of `size` at
 * `coverage` (0..1): round(S·(r + c − 1) / (2c)). At coverage 1 a 512 px head face has 160 px.
 * (faceswap's `_padding_from_coverage` omits the division by c; this form keeps a face extracted
 * at coverage c identical to the sub-crop of a full extract, which is how training sees it.)
 */
export function paddingFromCoverage(size: number, centering: Centering, coverage = 1): number {
  return roundHalfEven((size * (EXTRACT_RATIOS[centering] + coverage - 1)) / (2 * coverage));
}

/** Side in pixels of the legacy unit square inside an aligned face: what pose offsets are multiplied by. */
export function unitSize(size: number, centering: Centering, coverage = 1): number {
  return size - 2 * paddingFromCoverage(size, centering, coverage);
}

/**
 * Side of the sub-crop that turns an aligned face of `size` and `source` centering into one of
 * `target` centering at `coverage` (faceswap's get_centered_size):
 * 2·round(S·(1 − r_src)/(1 − r_tgt)·c / 2). Head → face at c = 1 is 0.75·S (384 of 512).
 */
export function subCropSize(size: number, source: Centering, target: Centering, coverage = 1): number {
  if (source === target && coverage === 1) return size;
  return 2 * roundHalfEven(((size * (1 - EXTRACT_RATIOS[source])) / (1 - EXTRACT_RATIOS[target])) * coverage / 2);
}

export interface CropRect {
  left: number;
  top: number;
  /** Width and height (square). */
  size: number;
}

/**
 * Where the target-centred face lies inside an aligned face of `size` and `source` centering:
 * its centre moves by the difference of the pose offsets, in unit-square pixels, plus a vertical
 * offset (a fraction of the unit square, faceswap's y_offset; positive moves the crop up).
 * The rectangle may reach outside the image: that part reads as black.
 */
export function subCropRect(size: number, source: Centering, target: Centering, coverage: number, offsets: CenteringOffsets, yOffset = 0): CropRect {
  const crop = subCropSize(size, source, target, coverage);
  const unit = unitSize(size, source);
  const centerX = roundHalfEven((offsets[target][0] - offsets[source][0]) * unit + size / 2);
  const centerY = roundHalfEven((offsets[target][1] - offsets[source][1] - yOffset) * unit + size / 2);
  const half = Math.floor(crop / 2);
  return { left: centerX - half, top: centerY - half, size: crop };
}
