/**
 * Test fixture: stand-in landmark masks for core's own tests. Core draws no landmark mask of its
 * own (the real ones are @faceforge/plugin-masks', which core cannot depend on), so its tests
 * register these: each is the filled convex hull of the landmarks, `extended` with the brows raised.
 */
import type { Image, Point } from '../data/image.js';
import type { FaceRecord } from '../data/face-record.js';
import { hullMask } from '../testing/hull-mask.js';
import { definePlugin } from '../plugin/plugin.js';
import { DataError } from '../util/errors.js';
import type { LandmarkMaskSource } from './landmark-masks.js';

export { hullMask };

/** The hull with the brows (17..26) raised by a quarter of the nose-bridge-to-chin distance. */
export function raisedHullMask(landmarks: readonly Point[], size: number): Image {
  const lift = (landmarks[8]![1] - landmarks[27]![1]) / 4;
  return hullMask(landmarks.map(([x, y], i): Point => (i >= 17 && i <= 26 ? [x, y - lift] : [x, y])), size);
}

function definition(name: string, draw: (landmarks: readonly Point[], size: number) => Image) {
  return {
    name,
    description: `test ${name}`,
    create(face: FaceRecord, size: number) {
      if (!face.landmarks) throw new DataError(`${face.path}: the '${name}' mask needs landmarks, and this face has none`);
      const scale = size / face.image.width;
      return draw(face.landmarks.map(([x, y]): Point => [x * scale, y * scale]), size);
    },
    fromLandmarks: draw,
  };
}

/** Registers `components` (the hull) and `extended` (the raised hull). */
export const testMaskPlugin = definePlugin({
  meta: { name: 'test-landmark-masks', kind: 'mask', version: '0.0.0', description: 'hull masks for core tests' },
  apply(api) {
    api.masks.register(definition('components', hullMask));
    api.masks.register(definition('extended', raisedHullMask));
  },
});

/** What the test masks give extraction to store. */
export const testStoredMasks: LandmarkMaskSource[] = [
  { name: 'components', fromLandmarks: hullMask },
  { name: 'extended', fromLandmarks: raisedHullMask },
];
