// The augmentation plugin tested with the public plugin harness (@faceforge/core/testing): its
// prepareBatch taps alone, on the shipped faces, as the batch builder runs them.
import { testAugmentation, testPresets } from '@faceforge/core/testing';
import augmentation from './index.js';
const still = { zoom_amount: 0, rotation_range: 0, shift_range: 0 };

testAugmentation(augmentation, {
  cases: [
    {
      name: 'everything on (defaults)',
      flags: { flip: true, warp: true, augmentColor: true, warpToLandmarks: false },
      geometry: true,
    },
    {
      name: 'strong rotation, zoom and shift, flip every time',
      flags: { flip: true, warp: false, augmentColor: false, warpToLandmarks: false },
      config: { rotation_range: 25, zoom_amount: 25, shift_range: 25, flip_chance: 75 },
      changes: 'target',
      geometry: true,
      seed: 7,
    },
    {
      name: 'warp only: the feed is warped, the target stays the face',
      flags: { flip: false, warp: true, augmentColor: false, warpToLandmarks: false },
      config: still,
      changes: 'feed',
      check(input, output) {
        if (JSON.stringify(input.target.data) !== JSON.stringify(output.target.data)) throw new Error('the target changed with only warp on and no geometry');
        if (!output.feed) throw new Error('warp set no feed');
      },
    },
    {
      name: 'warp to landmarks of the other side',
      flags: { flip: false, warp: true, augmentColor: false, warpToLandmarks: true },
      config: still,
      side: 'b',
      changes: 'feed',
    },
    {
      name: 'colour only: the pixels change, the geometry does not',
      flags: { flip: false, warp: false, augmentColor: true, warpToLandmarks: false },
      config: { ...still, color_lightness: 75, color_ab: 50 },
      changes: 'target',
      check(input, output) {
        if (JSON.stringify(input.landmarks) !== JSON.stringify(output.landmarks)) throw new Error('colour moved the landmarks');
      },
    },
  ],
});

testPresets(augmentation);
