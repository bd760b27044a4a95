/**
 * EasyPhoto's eye-line angle score (peers.md §5): a = (90 − |atan(Δy/Δx)|·180/π) / 90 for the
 * line through the two eyes; 1 for level eyes, 0 for vertical ones (Δx = 0 counts as angle 0,
 * score 1, as EasyPhoto's code does). EasyPhoto takes RetinaFace's eye keypoints; here the eye
 * centres are the means of the six 68-point eye landmarks.
 */
import type { Point } from '../data/image.js';
import { FACE_PARTS_68, indexRange } from '../data/face-parts.js';

export function eyeCentres(landmarks: readonly Point[]): { right: Point; left: Point } {
  const centre = (range: readonly [number, number]): Point => {
    const points = indexRange(...range).map((i) => landmarks[i]!);
    return [points.reduce((s, p) => s + p[0], 0) / points.length, points.reduce((s, p) => s + p[1], 0) / points.length];
  };
  return { right: centre(FACE_PARTS_68.rightEye), left: centre(FACE_PARTS_68.leftEye) };
}

/** Degrees of the eye line from horizontal, 0..90. */
export function eyeLineAngle(landmarks: readonly Point[]): number {
  const { right, left } = eyeCentres(landmarks);
  const dx = right[0] - left[0];
  const dy = right[1] - left[1];
  if (dx === 0) return 0;
  return Math.abs((Math.atan(dy / dx) * 180) / Math.PI);
}

export function eyeAngleScore(landmarks: readonly Point[]): number {
  return (90 - eyeLineAngle(landmarks)) / 90;
}
