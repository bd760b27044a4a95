/**
 * The landmark mask plugin: faceswap's components and extended hulls, eye and mouth regions (all
 * drawn from the 68 landmarks), and the whole-face mask used when a face carries no landmarks.
 * Core draws the landmark ones through `fromLandmarks` where it has no loaded face (the masks
 * extraction stores, the region curation measures sharpness in).
 */
import { DataError, definePlugin, wholeFaceMask, type FaceRecord, type Point } from '@faceforge/core';
import { landmarkMask, type LandmarkMaskType } from './landmark-mask.js';

export { landmarkMask, type LandmarkMaskType } from './landmark-mask.js';
export { extendFaceLandmarks } from './extend-landmarks.js';

const PLUGIN_NAME = 'landmark-masks';

function landmarkMaskDefinition(type: LandmarkMaskType, description: string) {
  return {
    name: type,
    description,
    create(face: FaceRecord, size: number) {
      if (!face.landmarks) throw new DataError(`${face.path}: the '${type}' mask needs landmarks, and this face has none`);
      const scale = size / face.image.width;
      return landmarkMask(type, face.landmarks.map(([x, y]): Point => [x * scale, y * scale]), size);
    },
    fromLandmarks: (landmarks: readonly Point[], size: number) => landmarkMask(type, landmarks, size),
  };
}

export default definePlugin({
  meta: { name: PLUGIN_NAME, kind: 'mask', version: '0.1.0', description: 'Masks from the 68 landmarks, and the whole face' },
  apply(api) {
    api.masks.register(landmarkMaskDefinition('components', 'Union of convex hulls of the face parts'));
    api.masks.register(landmarkMaskDefinition('extended', 'Components with the eyebrows pushed up to cover the forehead'));
    api.masks.register(landmarkMaskDefinition('eye', 'Both eyes (for the eye loss multiplier)'));
    api.masks.register(landmarkMaskDefinition('mouth', 'The outer mouth (for the mouth loss multiplier)'));
    api.masks.register({ name: 'full', description: 'The whole face image: used when faces carry no landmarks', create: (_face, size) => wholeFaceMask(size) });
  },
});
