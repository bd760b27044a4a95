/**
 * The 68-point iBUG landmark layout (what extraction stores): which indices are the jaw, brows,
 * eyes, nose and mouth. Used by curation and by the landmark mask plugin.
 *
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
