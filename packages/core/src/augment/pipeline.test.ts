import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from '../data/image.js';
import { Rng } from '../util/rng.js';
import { landmarkMask } from '../masks/landmark-mask.js';
import { meanFaceLandmarks } from '../masks/mean-face.fixture.js';
import { augmentSample, DEFAULT_AUGMENT_PARAMS, type TrainingSample } from './pipeline.js';
import { maxAbsDifference, smoothTestImage } from './test-images.fixture.js';

const SIZE = 64;
const landmarks = meanFaceLandmarks(SIZE);
const sample: TrainingSample = {
  image: smoothTestImage(SIZE, SIZE),
  masks: { components: landmarkMask('components', landmarks, SIZE) },
  landmarks,
  partnerLandmarks: landmarks.map(([x, y], i): Point => [x * 0.95 + 1.6, i >= 48 ? y + 2 : y]),
};

test('faceswap defaults', () => {
  assert.deepEqual(
    { ...DEFAULT_AUGMENT_PARAMS },
    {
      rotationRange: 10, zoomAmount: 5, shiftRange: 5, flipChance: 50, colorLightness: 30, colorAb: 8,
      colorClaheChance: 50, colorClaheMaxSize: 4, flip: true, warp: true, augmentColor: true, warpToLandmarks: false,
    },
  );
});

test('reproducible with the same seed, different with another', () => {
  const a = augmentSample(sample, {}, Rng.for(1, 'augment', 0));
  const b = augmentSample(sample, {}, Rng.for(1, 'augment', 0));
  const c = augmentSample(sample, {}, Rng.for(1, 'augment', 1));
  assert.deepEqual(a.feed.data, b.feed.data);
  assert.deepEqual(a.target.image.data, b.target.image.data);
  assert.deepEqual(a.target.masks.components!.data, b.target.masks.components!.data);
  assert.notDeepEqual(a.target.image.data, c.target.image.data);
  assert.notDeepEqual(a.feed.data, c.feed.data);
});

test('feed differs from target only when warp is on', () => {
  const rng = () => new Rng(21);
  const warped = augmentSample(sample, {}, rng());
  assert.ok(maxAbsDifference(warped.feed, warped.target.image) > 0.01);
  const unwarped = augmentSample(sample, { warp: false }, rng());
  assert.deepEqual(unwarped.feed.data, unwarped.target.image.data);
  assert.notEqual(unwarped.feed, unwarped.target.image);
  const landmarkWarp = augmentSample(sample, { warpToLandmarks: true }, rng());
  assert.ok(maxAbsDifference(landmarkWarp.feed, landmarkWarp.target.image) > 0.01);
  // Warp-to-landmarks differs from the random warp.
  assert.notDeepEqual(landmarkWarp.feed.data, warped.feed.data);
});

test('with everything off but the (zero) transform, the sample passes through unchanged', () => {
  const out = augmentSample(
    sample,
    { augmentColor: false, flip: false, warp: false, rotationRange: 0, zoomAmount: 0, shiftRange: 0 },
    new Rng(3),
  );
  assert.ok(maxAbsDifference(out.target.image, sample.image) < 1e-6);
  assert.ok(maxAbsDifference(out.target.masks.components!, sample.masks.components!) < 1e-6);
  out.target.landmarks!.forEach((p, i) => assert.ok(Math.hypot(p[0] - landmarks[i]![0], p[1] - landmarks[i]![1]) < 1e-9));
});

test('masks and landmarks follow the image through affine and flip', () => {
  // Geometry only, flip forced: the transformed landmarks must still lie inside the transformed mask.
  for (let seed = 0; seed < 6; seed++) {
    const out = augmentSample(sample, { augmentColor: false, warp: false, flipChance: 100 }, new Rng(seed));
    const mask = out.target.masks.components!;
    assert.equal(mask.channels, 1);
    for (let i = 27; i < 68; i++) {
      const [x, y] = out.target.landmarks![i]!;
      assert.ok(mask.data[Math.round(y) * SIZE + Math.round(x)]! > 0.5, `seed ${seed}, landmark ${i}`);
    }
    // Flipped: the subject's right eye (36) now sits right of the left eye (45) in the image.
    assert.ok(out.target.landmarks![36]![0] > out.target.landmarks![45]![0]);
  }
});

test('colour augmentation changes only the image, never the masks', () => {
  const geometryOnly = augmentSample(sample, { augmentColor: false, warp: false }, new Rng(5));
  const withColor = augmentSample(sample, { augmentColor: true, warp: false, colorClaheChance: 0 }, new Rng(5));
  assert.ok(maxAbsDifference(geometryOnly.target.image, withColor.target.image) > 0.005);
  // Different draws for the geometry (colour consumed randoms first), so compare mask area instead.
  const area = (d: Float32Array) => d.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(area(withColor.target.masks.components!.data) - area(sample.masks.components!.data)) < 0.15 * area(sample.masks.components!.data));
});
