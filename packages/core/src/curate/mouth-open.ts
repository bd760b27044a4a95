/**
 * How open the mouth is: the mean gap between the inner lips (68-point pairs 61–67, 62–66,
 * 63–65) over the mouth's width (48–54). About 0 when closed; ≥ 0.15 is clearly open.
 */
import type { Point } from '../data/image.js';

const INNER_LIP_PAIRS: ReadonlyArray<[number, number]> = [[61, 67], [62, 66], [63, 65]];
export const MOUTH_OPEN_THRESHOLD = 0.15;

export function mouthOpenRatio(landmarks: readonly Point[]): number {
  const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const gap = INNER_LIP_PAIRS.reduce((s, [a, b]) => s + distance(landmarks[a]!, landmarks[b]!), 0) / INNER_LIP_PAIRS.length;
  const width = distance(landmarks[48]!, landmarks[54]!);
  return width > 0 ? gap / width : 0;
}
