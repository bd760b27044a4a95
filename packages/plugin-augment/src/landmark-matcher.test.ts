import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Point, Rng } from '@faceforge/core';
import { meanFaceLandmarks } from '@faceforge/core/testing';
import { LandmarkMatcher } from './landmark-matcher.js';

const base = meanFaceLandmarks(64);
/** A face shifted by (dx, 0): its L2 distance to the base face grows with |dx|. */
const shifted = (dx: number): Point[] => base.map(([x, y]): Point => [x + dx, y]);

test('finds the 10 nearest faces of the other side, nearest first', () => {
  const sideA = [shifted(0), shifted(50)];
  const sideB = Array.from({ length: 30 }, (_, i) => shifted(i - 15)); // offsets −15..14
  const matcher = new LandmarkMatcher(sideA, sideB);
  const nearest = matcher.nearest('a', 0);
  assert.equal(nearest.length, 10);
  // Offsets by distance: 0, then ±1, ±2, ±3, ±4, then −5 (index 10) since +5 ties at the same distance.
  const offsets = nearest.map((i) => i - 15);
  assert.equal(offsets[0], 0);
  assert.deepEqual(offsets.map(Math.abs).slice(0, 9), [0, 1, 1, 2, 2, 3, 3, 4, 4]);
  assert.equal(Math.abs(offsets[9]!), 5);
  // Face 1 (offset 50) is nearest to the largest offsets.
  assert.deepEqual(matcher.nearest('a', 1).slice(0, 3), [29, 28, 27]);
  // The other direction: B's face at offset 14 is 14 from A's offset-0 face and 36 from its offset-50 one.
  assert.deepEqual(matcher.nearest('b', 29), [0, 1]);
});

test('pickPartner draws among the nearest only and is reproducible', () => {
  const sideA = [shifted(0)];
  const sideB = Array.from({ length: 40 }, (_, i) => shifted(i));
  const matcher = new LandmarkMatcher(sideA, sideB, 10);
  const rng = new Rng(8);
  const picked = new Set<number>();
  for (let i = 0; i < 200; i++) picked.add(sideB.indexOf(matcher.pickPartner('a', 0, rng) as Point[]));
  assert.deepEqual([...picked].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const first = matcher.pickPartner('a', 0, new Rng(1));
  assert.equal(matcher.pickPartner('a', 0, new Rng(1)), first);
});
