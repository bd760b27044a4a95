/**
 * Index ranges of the 68-point iBUG layout, [start, end) like Python slices.
 * Left/right are the subject's, as in the iBUG annotation (right brow/eye appear on the image's left).
 */
export const FACE_PARTS_68 = {
  jaw: [0, 17],
  rightBrow: [17, 22],
  leftBrow: [22, 27],
  noseBridge: [27, 31],
  nostrils: [31, 36],
  rightEye: [36, 42],
  leftEye: [42, 48],
  outerMouth: [48, 60],
  innerMouth: [60, 68],
} as const satisfies Record<string, readonly [number, number]>;

/** Indices start..end-1. */
export function indexRange(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

/**
 * faceswap's `components` parts (lib/align/aligned_mask.py, LandmarksMask): eight groups whose
 * convex hulls together cover the face from brows to chin. Point 8 (chin) anchors most of them.
 */
export const COMPONENT_PARTS_68: readonly (readonly number[])[] = [
  [...indexRange(0, 9), 17], // r_jaw
  [...indexRange(8, 17), 26], // l_jaw
  [...indexRange(17, 20), 8], // r_cheek
  [...indexRange(24, 27), 8], // l_cheek
  [...indexRange(19, 25), 8], // nose_ridge
  [...indexRange(17, 22), 27, ...indexRange(31, 36), 8], // r_eye
  [...indexRange(22, 27), 27, ...indexRange(31, 36), 8], // l_eye
  [...indexRange(27, 31), ...indexRange(31, 36)], // nose
];
