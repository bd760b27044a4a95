import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanFaceLandmarks, smoothTestImage } from '@faceforge/core/testing';
import { flipImage, flipPoints } from './flip.js';

test('flipping twice is bit-exact identity for images', () => {
  const image = smoothTestImage(17, 9);
  const once = flipImage(image);
  assert.notDeepEqual(once.data, image.data);
  assert.deepEqual(flipImage(once).data, image.data);
  // Column 0 becomes column W−1.
  assert.equal(once.data[(3 * 17 + 16) * 3], image.data[3 * 17 * 3]);
});

test('flipped landmarks follow x\' = W−1−x, and twice is identity', () => {
  const landmarks = meanFaceLandmarks(64);
  const once = flipPoints(landmarks, 64);
  assert.deepEqual(once[8], [63 - landmarks[8]![0], landmarks[8]![1]]);
  const twice = flipPoints(once, 64);
  // Integer-pixel landmarks come back bit-exact; fractional ones to float rounding.
  assert.deepEqual(flipPoints(flipPoints([[3, 4], [63, 0]], 64), 64), [[3, 4], [63, 0]]);
  twice.forEach((p, i) => assert.ok(Math.abs(p[0] - landmarks[i]![0]) < 1e-12 && p[1] === landmarks[i]![1]));
});

test('a flipped landmark still marks the same pixel', () => {
  const image = smoothTestImage(20, 20);
  const flipped = flipImage(image);
  const [[x, y]] = flipPoints([[4, 7]], 20) as [[number, number]];
  for (let c = 0; c < 3; c++) assert.equal(flipped.data[(y * 20 + x) * 3 + c], image.data[(7 * 20 + 4) * 3 + c]);
});
