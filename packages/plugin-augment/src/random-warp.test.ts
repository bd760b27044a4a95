import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '@faceforge/core';
import { defaultWarpSigma, randomWarp, randomWarpMaps } from './random-warp.js';
import { maxAbsDifference, smoothTestImage } from '@faceforge/core/testing';

test('with σ = 0 the maps are faceswap\'s grid: identity plus half a pixel', () => {
  const { mapX, mapY } = randomWarpMaps(64, 64, 0, new Rng(1));
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      assert.ok(Math.abs(mapX[y * 64 + x]! - (x + 0.5)) < 1e-4);
      assert.ok(Math.abs(mapY[y * 64 + x]! - (y + 0.5)) < 1e-4);
    }
  }
});

test('with σ = 0 the warp is the identity within interpolation error', () => {
  const image = smoothTestImage(64, 64);
  const warped = randomWarp(image, new Rng(1), 0);
  // Half a pixel on gradients of ≤ 1/63 per pixel (sine ≤ 0.4·2π·3/64 per pixel): a few percent at most.
  assert.ok(maxAbsDifference(warped, image) < 0.06);
});

test('with faceswap\'s σ the pixels move by about σ', () => {
  const size = 128;
  const sigma = defaultWarpSigma(size);
  assert.equal(sigma, 2.5);
  const rng = new Rng(9);
  let sumSquares = 0, count = 0;
  for (let trial = 0; trial < 20; trial++) {
    const { mapX, mapY } = randomWarpMaps(size, size, sigma, rng);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const dx = mapX[y * size + x]! - (x + 0.5);
        const dy = mapY[y * size + x]! - (y + 0.5);
        sumSquares += dx * dx + dy * dy;
        count++;
      }
    }
  }
  // Per-axis RMS: bilinear blending of independent N(0, σ) control points lies between ~0.5σ and σ.
  const rmsPerAxis = Math.sqrt(sumSquares / count / 2);
  assert.ok(rmsPerAxis > 0.5 * sigma && rmsPerAxis < sigma, `rms ${rmsPerAxis} vs σ ${sigma}`);
});

test('the warp is reproducible per seed and changes the image', () => {
  const image = smoothTestImage(64, 64);
  const a = randomWarp(image, new Rng(4));
  assert.deepEqual(a.data, randomWarp(image, new Rng(4)).data);
  assert.notDeepEqual(a.data, randomWarp(image, new Rng(5)).data);
  assert.ok(maxAbsDifference(a, image) > 0.02);
});
