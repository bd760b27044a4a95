import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image } from '../data/image.js';
import { createForge } from '../create-forge.js';
import { silentLogger } from '../util/logger.js';
import { encodeStoredMask } from '../data/face-metadata.js';
import { meanFaceLandmarks } from '../testing/mean-face-landmarks.js';
import { hullMask, raisedHullMask, testMaskPlugin } from '../masks/test-masks.fixture.js';
import { sectionDefaults } from '../config/options.js';
import { baseMask, blendMask, convertMaskSection, edgeFadeMask, storedMaskInCrop, type ConvertMaskOptions } from './convert-mask.js';
import { boxFace } from './face-locator.js';
import type { ModelFraming } from './model-framing.js';

const forge = await createForge({ log: silentLogger, discover: false, plugins: [testMaskPlugin] });
const defaults = sectionDefaults(convertMaskSection) as ConvertMaskOptions;
const FACE: ModelFraming = { centering: 'face', coverage: 1 };
const sum = (mask: Image) => mask.data.reduce((a, b) => a + b, 0);
const at = (mask: Image, x: number, y: number) => mask.data[y * mask.width + x]!;

test('edge fade: zero at the square\'s border, one inside', () => {
  const fade = edgeFadeMask(64);
  assert.equal(at(fade, 0, 32), 0);
  assert.equal(at(fade, 32, 0), 0);
  assert.equal(at(fade, 63, 63), 0);
  assert.ok(at(fade, 1, 32) > 0 && at(fade, 1, 32) < at(fade, 2, 32), 'a ramp, not a step');
  assert.equal(at(fade, 32, 32), 1);
  assert.ok(at(fade, 4, 32) > 0.99);
});

test('blendMask: threshold, blur, erosion and dilation act in the expected direction', () => {
  const raw = createImage(64, 64, 1);
  for (let y = 16; y < 48; y++) raw.data.fill(1, y * 64 + 16, y * 64 + 48);
  raw.data[2 * 64 + 2] = 0.02; // a faint speck the threshold removes
  const plain = blendMask(raw, { ...defaults, blur_type: 'none', edge_fade: false });
  assert.equal(at(plain, 2, 2), 0);
  assert.equal(sum(plain), 32 * 32);
  const blurred = blendMask(raw, { ...defaults, edge_fade: false });
  assert.ok(at(blurred, 16, 32) > 0.2 && at(blurred, 16, 32) < 0.8, 'the edge is soft');
  assert.ok(at(blurred, 14, 32) > 0 && at(blurred, 14, 32) < at(blurred, 16, 32), 'and fades outward');
  assert.ok(Math.abs(sum(blurred) - 32 * 32) < 32, 'blur keeps the area');
  const eroded = blendMask(raw, { ...defaults, blur_type: 'none', edge_fade: false, erosion: 10 });
  const dilated = blendMask(raw, { ...defaults, blur_type: 'none', edge_fade: false, erosion: -10 });
  assert.ok(sum(eroded) < 32 * 32 * 0.75, `erosion shrinks: ${sum(eroded)}`);
  assert.ok(sum(dilated) > 32 * 32 * 1.3, `dilation grows: ${sum(dilated)}`);
});

test('landmark masks come from the mask plugins, at the face\'s resolution, in the model crop', () => {
  const size = 64;
  const landmarks = meanFaceLandmarks(128);
  const located = { ...boxFace({ x: 0, y: 0, side: 128 }, 128), landmarks };
  const original = createImage(size, size, 3);
  const extended = baseMask({ type: 'extended', located, framing: FACE, size, original, label: 't' }, forge.masks);
  const expected = raisedHullMask(meanFaceLandmarks(128).map(([x, y]) => [(x + 0.5) / 2 - 0.5, (y + 0.5) / 2 - 0.5]), size);
  assert.equal(extended.width, size);
  assert.deepEqual(extended.data, expected.data);
  const components = baseMask({ type: 'components', located, framing: FACE, size, original, label: 't' }, forge.masks);
  assert.ok(sum(components) < sum(extended), 'extended reaches higher than components');
  // a tighter coverage crops in: the same mask covers more of the square (up to 1/0.75² = 1.78×;
  // the test hull covers half the square, so the square's edge clips it a little)
  const cropped = baseMask({ type: 'extended', located, framing: { centering: 'face', coverage: 0.75 }, size, original, label: 't' }, forge.masks);
  assert.ok(sum(cropped) > sum(extended) * 1.4, `${sum(cropped)} vs ${sum(extended)}`);
});

test('predicted, none and stored masks; unknown names and a missing mask head are errors that say what exists', () => {
  const size = 32;
  const located = { ...boxFace({ x: 0, y: 0, side: 64 }, 64), masks: { custom: encodeStoredMask(hullMask(meanFaceLandmarks(128), 128)) } };
  const original = createImage(size, size, 3);
  assert.equal(sum(baseMask({ type: 'none', located, framing: FACE, size, original, label: 't' }, forge.masks)), size * size);
  const predicted = createImage(16, 16, 1, 0.75);
  const resized = baseMask({ type: 'predicted', located, framing: FACE, size, original, predicted, label: 't' }, forge.masks);
  assert.equal(resized.width, size);
  assert.ok(resized.data.every((v) => Math.abs(v - 0.75) < 1e-6));
  assert.throws(() => baseMask({ type: 'predicted', located, framing: FACE, size, original, label: 'frame 3 face 0' }, forge.masks), /frame 3 face 0: .*learn_mask/);
  const stored = baseMask({ type: 'custom', located, framing: FACE, size, original, label: 't' }, forge.masks);
  const fromLandmarks = baseMask({ type: 'components', located: { ...located, landmarks: meanFaceLandmarks(64) }, framing: FACE, size, original, label: 't' }, forge.masks);
  // the stored mask (128 px) and the landmark mask (drawn at 32 px) cover the same area
  assert.ok(Math.abs(sum(stored) - sum(fromLandmarks)) < sum(fromLandmarks) * 0.1, `${sum(stored)} vs ${sum(fromLandmarks)}`);
  assert.equal(storedMaskInCrop(located, 'custom', FACE, 64).width, 64);
  assert.throws(() => baseMask({ type: 'bisenet', located, framing: FACE, size, original, label: 't' }, forge.masks), /no mask 'bisenet'.*it has custom.*components/);
  assert.throws(() => baseMask({ type: 'extended', located, framing: FACE, size, original, label: 'frame 9 face 0' }, forge.masks), /needs landmarks/);
});
