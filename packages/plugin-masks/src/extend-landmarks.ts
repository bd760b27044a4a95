import type { Point } from '@faceforge/core';

const mid = (a: Point, b: Point): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

/**
 * faceswap's `_extend_face_landmarks` (the `extended` mask): every eyebrow point is pushed away
 * from a matching point on the upper eye line by half their distance, so the mask reaches up
 * into the forehead. Each brow point is paired with its own eye point, not one eye centre:
 *   right brow 17..21 ↔ (quarter point outside 36, 36, 37, 38, 39)
 *   left brow  22..26 ↔ (42, 43, 44, 45, quarter point outside 45)
 * where the quarter points sit between the outer eye corner and the jaw (0 / 16). This is
 * faceswap's code as I know it; it differs from "midpoint of the eye corners" only in that the
 * push direction follows each brow point's own eye point, which keeps the brow arc's shape.
 * faceswap uses integer division on int landmarks; floats are kept here.
 */
export function extendFaceLandmarks(landmarks: readonly Point[]): Point[] {
  const out = landmarks.map((p): Point => [p[0], p[1]]);
  const lm = landmarks;
  const outerRight = mid(mid(lm[36]!, lm[0]!), lm[36]!);
  const outerLeft = mid(mid(lm[45]!, lm[16]!), lm[45]!);
  const rightEyeLine: Point[] = [outerRight, lm[36]!, lm[37]!, lm[38]!, lm[39]!];
  const leftEyeLine: Point[] = [lm[42]!, lm[43]!, lm[44]!, lm[45]!, outerLeft];
  for (let i = 0; i < 5; i++) {
    const r = lm[17 + i]!;
    const re = rightEyeLine[i]!;
    out[17 + i] = [r[0] + (r[0] - re[0]) / 2, r[1] + (r[1] - re[1]) / 2];
    const l = lm[22 + i]!;
    const le = leftEyeLine[i]!;
    out[22 + i] = [l[0] + (l[0] - le[0]) / 2, l[1] + (l[1] - le[1]) / 2];
  }
  return out;
}
