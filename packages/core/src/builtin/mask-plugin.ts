/**
 * Landmark masks (faceswap's components and extended hulls, eye and mouth regions) and the
 * whole-face mask used when a face carries no landmarks.
 */
import { definePlugin } from '../plugin/plugin.js';
import type { FaceRecord } from '../data/face-record.js';
import { landmarkMask, type LandmarkMaskType } from '../masks/landmark-mask.js';
import { wholeFaceMask } from '../masks/whole-face-mask.js';
import { DataError } from '../util/errors.js';

const PLUGIN_NAME = 'landmark-masks';

function fromLandmarks(type: LandmarkMaskType) {
  return (face: FaceRecord, size: number) => {
    if (!face.landmarks) throw new DataError(`${face.path}: the '${type}' mask needs landmarks, and this face has none`);
    const scale = size / face.image.width;
    return landmarkMask(type, face.landmarks.map(([x, y]) => [x * scale, y * scale]), size);
  };
}

export const maskPlugin = definePlugin({
  meta: { name: PLUGIN_NAME, kind: 'mask', version: '0.1.0', description: 'Masks from the 68 landmarks, and the whole face' },
  apply(api) {
    api.masks.register({ name: 'components', description: 'Union of convex hulls of the face parts', create: fromLandmarks('components') });
    api.masks.register({ name: 'extended', description: 'Components with the eyebrows pushed up to cover the forehead', create: fromLandmarks('extended') });
    api.masks.register({ name: 'eye', description: 'Both eyes (for the eye loss multiplier)', create: fromLandmarks('eye') });
    api.masks.register({ name: 'mouth', description: 'The outer mouth (for the mouth loss multiplier)', create: fromLandmarks('mouth') });
    api.masks.register({ name: 'full', description: 'The whole face image: used when faces carry no landmarks', create: (_face, size) => wholeFaceMask(size) });
  },
});
