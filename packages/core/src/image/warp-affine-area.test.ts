import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warpAffineArea, warpAnyArea } from './warp-affine-area.js';

// A 4×4 one-channel ramp: value = x + 10·y.
const ramp = { width: 4, height: 4, channels: 1, data: Float32Array.from({ length: 16 }, (_, i) => (i % 4) + 10 * Math.floor(i / 4)) };

test('identity: one sample per pixel, the source unchanged, all of it in frame', () => {
  for (const sum of ['float32', 'float64'] as const) {
    const { data, inFrame } = warpAffineArea(ramp, [1, 0, 0, 0, 1, 0], 4, 4, { edge: 'zero', sum });
    assert.deepEqual([...data], [...ramp.data]);
    assert.ok(inFrame.every((v) => v === 1));
  }
});

test('off the source: zero reads 0, replicate reads the edge pixel; inFrame says how much lay inside', () => {
  // Output pixel x reads source x + 3: only output pixel 0 lands on the source (its last column).
  const shift = [1, 0, 3, 0, 1, 0] as const;
  const zero = warpAffineArea(ramp, shift, 2, 1, { edge: 'zero', sum: 'float32' });
  const replicate = warpAffineArea(ramp, shift, 2, 1, { edge: 'replicate', sum: 'float64' });
  assert.deepEqual([...zero.data], [3, 0]);
  assert.deepEqual([...replicate.data], [3, 3]);
  assert.deepEqual([...zero.inFrame], [1, 0]);
  assert.deepEqual([...replicate.inFrame], [1, 0]);
});

test('shrinking by 2 averages a 2×2 grid of samples over each output pixel', () => {
  // inverse scale 2: k = 2, samples at source offsets ±0.5 around 2x + 0.5
  const { data } = warpAffineArea(ramp, [2, 0, 0.5, 0, 2, 0.5], 2, 2, { edge: 'zero', sum: 'float64' });
  assert.deepEqual([...data], [5.5, 7.5, 25.5, 27.5]);
});

test('the RGB zero-edge fast path gives the general path\'s floats bit for bit: 1 to 3 samples a side, rotated, off the edge', () => {
  const width = 97, height = 61;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >> 7) * 17) % 256;
  const frame = { width, height, channels: 3, data };
  for (const inverse of [[1, 0, 0, 0, 1, 0], [1.7, 0.4, -5.3, -0.4, 1.7, 3.1], [2.6, -0.9, 20.2, 0.9, 2.6, -11.7], [0.6, 0.1, 2, -0.1, 0.6, 1]] as const) {
    const fast = warpAffineArea(frame, inverse, 40, 40, { edge: 'zero', sum: 'float32' });
    const general = warpAnyArea(frame, inverse, 40, 40, { edge: 'zero', sum: 'float32' });
    assert.ok(Buffer.from(fast.data.buffer).equals(Buffer.from(general.data.buffer)), `data, inverse ${inverse.join(',')}`);
    assert.ok(Buffer.from(fast.inFrame.buffer).equals(Buffer.from(general.inFrame.buffer)), `inFrame, inverse ${inverse.join(',')}`);
  }
});
