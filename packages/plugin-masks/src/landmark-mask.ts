import { FACE_PARTS_68, blurMask, convexHull, createImage, dilateMask, fillPolygon, indexRange, oddKernel, type Image, type Point } from '@faceforge/core';
import { extendFaceLandmarks } from './extend-landmarks.js';

/**
 * faceswap's `components` parts (lib/align/aligned_mask.py, LandmarksMask): eight groups whose
 * convex hulls together cover the face from brows to chin. Point 8 (chin) anchors most of them.
 */
const COMPONENT_PARTS_68: readonly (readonly number[])[] = [
  [...indexRange(0, 9), 17], // r_jaw
  [...indexRange(8, 17), 26], // l_jaw
  [...indexRange(17, 20), 8], // r_cheek
  [...indexRange(24, 27), 8], // l_cheek
  [...indexRange(19, 25), 8], // nose_ridge
  [...indexRange(17, 22), 27, ...indexRange(31, 36), 8], // r_eye
  [...indexRange(22, 27), 27, ...indexRange(31, 36), 8], // l_eye
  [...indexRange(27, 31), ...indexRange(31, 36)], // nose
];

export type LandmarkMaskType = 'components' | 'extended' | 'eye' | 'mouth';

/** Eye/mouth areas are grown a little so the loss multiplier covers lids and lips fully. */
const AREA_DILATION_PERCENT = 2.5;

function fillHulls(size: number, landmarks: readonly Point[], groups: readonly (readonly number[])[]): Image {
  const mask = createImage(size, size, 1);
  for (const group of groups) fillPolygon(mask, convexHull(group.map((i) => landmarks[i]!)));
  return mask;
}

/**
 * A 1-channel size×size mask drawn from 68 landmarks given in the same pixel frame.
 * components/extended: union of the part hulls (hard edges; faceswap does not blur these in
 * training). eye/mouth: the part polygons, dilated 2.5 % and blurred with kernel size/16 (odd),
 * for eye/mouth loss multipliers.
 */
export function landmarkMask(type: LandmarkMaskType, landmarks: readonly Point[], size: number): Image {
  if (landmarks.length !== 68) throw new Error(`landmark masks need 68 landmarks, got ${landmarks.length}`);
  switch (type) {
    case 'components':
      return fillHulls(size, landmarks, COMPONENT_PARTS_68);
    case 'extended':
      return fillHulls(size, extendFaceLandmarks(landmarks), COMPONENT_PARTS_68);
    case 'eye':
      return softenArea(fillHulls(size, landmarks, [indexRange(...FACE_PARTS_68.rightEye), indexRange(...FACE_PARTS_68.leftEye)]));
    case 'mouth':
      return softenArea(fillHulls(size, landmarks, [indexRange(...FACE_PARTS_68.outerMouth)]));
  }
}

function softenArea(mask: Image): Image {
  return blurMask(dilateMask(mask, AREA_DILATION_PERCENT), oddKernel(Math.floor(mask.width / 16)));
}
