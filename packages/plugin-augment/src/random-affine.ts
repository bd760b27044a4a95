/** The random rotation, zoom and shift of each training face. */
import { rotationMatrix, type AffineMatrix, type Rng } from '@faceforge/core';

export interface AffineRanges {
  /** Degrees; rotation ~ U(−range, range). */
  rotationRange: number;
  /** Percent; scale ~ U(1 − z/100, 1 + z/100). */
  zoomAmount: number;
  /** Percent of the size; translation ~ U(±s/100 · size) on each axis. */
  shiftRange: number;
}

/**
 * faceswap's per-image training transform: rotation, zoom and shift about the image centre.
 * The centre is the true pixel centre ((W−1)/2, (H−1)/2), the same convention as the flip's
 * x' = W−1−x; faceswap uses size//2, half a pixel off, which is well inside the random shift.
 */
export function randomAffineMatrix(width: number, height: number, ranges: AffineRanges, rng: Rng): AffineMatrix {
  const rotation = rng.uniform(-ranges.rotationRange, ranges.rotationRange);
  const zoom = ranges.zoomAmount / 100;
  const scale = rng.uniform(1 - zoom, 1 + zoom);
  const shift = ranges.shiftRange / 100;
  const tx = rng.uniform(-shift, shift) * width;
  const ty = rng.uniform(-shift, shift) * height;
  const matrix = rotationMatrix([(width - 1) / 2, (height - 1) / 2], rotation, scale);
  matrix[2] += tx;
  matrix[5] += ty;
  return matrix;
}
