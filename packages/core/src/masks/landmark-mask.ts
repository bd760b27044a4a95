import { createImage, type Image, type Point } from '../data/image.js';
import { blurMask, oddKernel } from './blur-mask.js';
import { convexHull } from '../image/convex-hull.js';
import { dilateMask } from '../image/dilate-mask.js';
import { extendFaceLandmarks } from './extend-landmarks.js';
import { COMPONENT_PARTS_68, FACE_PARTS_68, indexRange } from './face-parts.js';
import { fillPolygon } from '../image/fill-polygon.js';

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
