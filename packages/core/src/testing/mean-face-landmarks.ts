import type { Point } from '../data/image.js';
import { MEAN_FACE_2D_51 } from '../extract/mean-face.js';

/**
 * Test fixture: a plausible frontal 68-point face. Points 17–67 are the mean face alignment uses
 * (extract/mean-face.ts: faceswap's `_MEAN_FACE`, brows span x 0..1, the mouth ends at y ≈ 0.91);
 * the jaw (0–16), which that template omits, is a half-ellipse from ear to ear through a chin
 * below the mouth.
 */
function meanFaceUnit(): Point[] {
  const jaw: Point[] = [];
  for (let i = 0; i < 17; i++) {
    const t = (Math.PI * i) / 16;
    jaw.push([0.5 - 0.58 * Math.cos(t), 0.22 + 0.98 * Math.sin(t)]);
  }
  return [...jaw, ...MEAN_FACE_2D_51.map((p): Point => [p[0], p[1]])];
}

/** 68 landmarks for a face centred in a size×size crop (face ≈ 70 % of the width). */
export function meanFaceLandmarks(size: number): Point[] {
  return meanFaceUnit().map(([x, y]): Point => [(0.2 + 0.6 * x) * size, (0.12 + 0.6 * y) * size]);
}
