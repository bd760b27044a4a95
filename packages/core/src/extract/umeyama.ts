/**
 * Umeyama's least-squares similarity transform (rotation, uniform scale, translation; no
 * reflection) between two 2-D point sets, as faceswap uses to align landmarks to the mean face.
 *
 * In 2-D the SVD of Umeyama's paper reduces to a closed form: writing points as complex numbers
 * z (source) and w (target), centred, the best w ≈ c·z has c = Σ conj(z)·w / Σ|z|², where
 * c = s·e^{iθ}. This is exactly Umeyama's solution with the reflection excluded (det = +1).
 */
import type { Point } from '../data/image.js';
import type { AffineMatrix } from '../image/affine.js';

/** The 2×3 similarity mapping `source[i]` onto `target[i]` as closely as possible (least squares). */
export function umeyama(source: readonly Point[], target: readonly Point[]): AffineMatrix {
  const n = source.length;
  if (n < 2 || target.length !== n) throw new Error(`umeyama needs two equally long point lists of at least 2 points, got ${n} and ${target.length}`);
  let sx = 0, sy = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) {
    sx += source[i]![0]; sy += source[i]![1];
    tx += target[i]![0]; ty += target[i]![1];
  }
  sx /= n; sy /= n; tx /= n; ty /= n;
  let dot = 0; // Σ (x·u + y·v): real part of Σ conj(z)·w
  let cross = 0; // Σ (x·v − y·u): imaginary part
  let norm = 0; // Σ |z|²
  for (let i = 0; i < n; i++) {
    const x = source[i]![0] - sx, y = source[i]![1] - sy;
    const u = target[i]![0] - tx, v = target[i]![1] - ty;
    dot += x * u + y * v;
    cross += x * v - y * u;
    norm += x * x + y * y;
  }
  if (norm === 0) throw new Error('umeyama: the source points are all the same point');
  const a = dot / norm; // s·cos θ
  const b = cross / norm; // s·sin θ
  return [a, -b, tx - (a * sx - b * sy), b, a, ty - (b * sx + a * sy)];
}

/** Uniform scale of a similarity (or the mean axis scale of any affine): √|det|. */
export function matrixScale(m: AffineMatrix): number {
  return Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
}
