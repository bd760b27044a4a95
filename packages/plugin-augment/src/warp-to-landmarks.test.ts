import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Point, Rng } from '@faceforge/core';
import { meanFaceLandmarks, centroid, dotImage, maxAbsDifference, smoothTestImage } from '@faceforge/core/testing';
import { landmarkWarpMaps, landmarkWarpPairs, warpToLandmarks } from './warp-to-landmarks.js';

const SIZE = 128;
const src = meanFaceLandmarks(SIZE);
/** Another plausible face: narrower, longer chin, mouth lower and shifted, eyes a bit apart. */
const dst: Point[] = src.map(([x, y], i): Point => {
  const cx = SIZE / 2;
  let nx = cx + (x - cx) * 0.92 + 2;
  let ny = y;
  if (i <= 16) ny = y + ((y - 40) / 80) * 5;
  if (i >= 48) ny = y + 3;
  if (i >= 36 && i <= 47) nx += i <= 41 ? -1.5 : 1.5;
  return [nx, ny];
});

test('src landmarks land on the dst landmarks', () => {
  for (const index of [8, 30, 36, 45, 48, 54, 62, 19]) {
    const [sx, sy] = src[index]!;
    const [dx, dy] = dst[index]!;
    const warped = warpToLandmarks(dotImage(SIZE, SIZE, sx, sy, 1.2), src, dst);
    const [cx, cy] = centroid(warped);
    assert.ok(Math.hypot(cx - dx, cy - dy) < 0.6, `landmark ${index}: at ${[cx, cy]}, want ${[dx, dy]} (moved from ${[sx, sy]})`);
  }
});

test('identical src and dst leave the image unchanged; corners stay pinned', () => {
  const image = smoothTestImage(SIZE, SIZE);
  assert.ok(maxAbsDifference(warpToLandmarks(image, src, src), image) < 1e-5);
  const { mapX, mapY } = landmarkWarpMaps(src, dst, SIZE, SIZE);
  assert.ok(mapX.every((v) => !Number.isNaN(v)), 'anchors make the triangulation cover the image');
  for (const [x, y] of [[0, 0], [SIZE - 1, 0], [0, SIZE - 1], [SIZE - 1, SIZE - 1]]) {
    assert.ok(Math.abs(mapX[y! * SIZE + x!]! - x!) < 1e-4 && Math.abs(mapY[y! * SIZE + x!]! - y!) < 1e-4);
  }
});

test('jaw/brow points inside the combined core hull are dropped; 8 anchors are added', () => {
  const shifted = src.map(([x, y], i): Point => (i === 3 ? [SIZE / 2, SIZE / 2] : [x, y]));
  const { from, to } = landmarkWarpPairs(src, shifted, SIZE, SIZE);
  assert.equal(from.length, to.length);
  assert.ok(!to.some(([x, y]) => x === SIZE / 2 && y === SIZE / 2), 'point 3 moved inside the core is gone');
  // Point 17 (brow corner) is a core hull vertex, so it is on the hull and dropped too; 0–16 outside stay.
  assert.equal(from.length, 68 - 1 - 1 + 8);
});

test('with jittered destinations the warp is bounded and reproducible', async () => {
  const { jitterLandmarks } = await import('./warp-to-landmarks.js');
  const image = smoothTestImage(SIZE, SIZE);
  const a = warpToLandmarks(image, src, jitterLandmarks(dst, 1, new Rng(3)));
  const b = warpToLandmarks(image, src, jitterLandmarks(dst, 1, new Rng(3)));
  assert.deepEqual(a.data, b.data);
  assert.ok(maxAbsDifference(a, image) > 0.01);
  assert.ok(a.data.every((v) => v >= 0 && v <= 1));
});
