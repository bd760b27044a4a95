import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Image } from '@faceforge/core';
import { meanFaceLandmarks } from '@faceforge/core/testing';
import { extendFaceLandmarks } from './extend-landmarks.js';
import { landmarkMask } from './landmark-mask.js';

const SIZE = 128;
const face = meanFaceLandmarks(SIZE);
const at = (mask: Image, x: number, y: number) => mask.data[Math.round(y) * mask.width + Math.round(x)]!;
const area = (mask: Image) => mask.data.reduce((n, v) => n + (v > 0.5 ? 1 : 0), 0);
function rowsCovered(mask: Image): [number, number] {
  let top = Infinity;
  let bottom = -Infinity;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x]! > 0.5) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return [top, bottom];
}

test('components mask contains every non-jaw landmark and not the image corners', () => {
  const mask = landmarkMask('components', face, SIZE);
  for (let i = 17; i < 68; i++) assert.equal(at(mask, face[i]![0], face[i]![1]), 1, `landmark ${i}`);
  assert.equal(at(mask, 0, 0), 0);
  assert.equal(at(mask, SIZE - 1, SIZE - 1), 0);
  assert.ok(area(mask) > 0.3 * SIZE * SIZE && area(mask) < 0.6 * SIZE * SIZE, `area ${area(mask)}`);
});

test('extended mask is a superset of components and reaches higher', () => {
  const components = landmarkMask('components', face, SIZE);
  const extended = landmarkMask('extended', face, SIZE);
  for (let i = 0; i < components.data.length; i++) {
    if (components.data[i] === 1) assert.equal(extended.data[i], 1, `pixel ${i}`);
  }
  const [topC, bottomC] = rowsCovered(components);
  const [topE, bottomE] = rowsCovered(extended);
  assert.equal(bottomE, bottomC);
  // Brow-to-eye distance is ≈ 0.17·0.6·128 ≈ 13 px at the brow peak; half of it is ≈ 6.5 px.
  assert.ok(topC - topE >= 5 && topC - topE <= 8, `extended top ${topE} vs ${topC}`);
});

test('extended pushes each brow point directly away from its eye-line point by half', () => {
  const extended = extendFaceLandmarks(face);
  // Brow 19 pairs with eye point 37; brow 24 with 44.
  for (const [brow, eye] of [[19, 37], [24, 44]] as const) {
    const expectedY = face[brow]![1] + (face[brow]![1] - face[eye]![1]) / 2;
    assert.ok(Math.abs(extended[brow]![1] - expectedY) < 1e-9);
  }
  for (let i = 0; i < 68; i++) if (i < 17 || i > 26) assert.deepEqual(extended[i], face[i]);
});

test('eye and mouth masks are soft, cover their parts and stay local', () => {
  const eye = landmarkMask('eye', face, SIZE);
  const mouth = landmarkMask('mouth', face, SIZE);
  for (const i of [37, 40, 43, 46]) assert.ok(at(eye, face[i]![0], face[i]![1]) > 0.5, `eye point ${i}`);
  for (const i of [51, 57, 62, 66]) assert.ok(at(mouth, face[i]![0], face[i]![1]) > 0.5, `mouth point ${i}`);
  assert.equal(at(eye, face[57]![0], face[57]![1]), 0, 'eye mask does not reach the mouth');
  assert.equal(at(mouth, face[37]![0], face[37]![1]), 0, 'mouth mask does not reach the eyes');
  const soft = eye.data.filter((v) => v > 0.02 && v < 0.98).length;
  assert.ok(soft > 50, `blurred fringe has ${soft} px`);
});
