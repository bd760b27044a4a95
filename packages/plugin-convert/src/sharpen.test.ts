import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage } from '@faceforge/core';
import { sharpenFace } from './sharpen.js';

test('sharpening raises local contrast; unsharp_mask leaves flat areas alone; none is a no-op', () => {
  const face = createImage(32, 32, 3, 0.5);
  for (let y = 0; y < 32; y++) for (let x = 16; x < 32; x++) face.data.fill(0.7, (y * 32 + x) * 3, (y * 32 + x) * 3 + 3);
  const options = { method: 'gaussian' as const, amount: 150, radius: 5, threshold: 5 };
  assert.equal(sharpenFace(face, { ...options, method: 'none' }), face);
  const sharp = sharpenFace(face, options);
  const at = (x: number) => sharp.data[(16 * 32 + x) * 3]!;
  assert.ok(at(15) < 0.5 && at(16) > 0.7, `edge overshoots: ${at(15).toFixed(3)} ${at(16).toFixed(3)}`);
  assert.ok(Math.abs(at(2) - 0.5) < 1e-6, 'flat area far from the edge is unchanged');
  const noisy = createImage(32, 32, 3, 0.5);
  noisy.data[(8 * 32 + 8) * 3] = 0.505; // a speck below the threshold of 5/255
  assert.ok(Math.abs(sharpenFace(noisy, { ...options, method: 'unsharp_mask' }).data[(8 * 32 + 8) * 3]! - 0.505) < 1e-6);
  assert.ok(sharpenFace(noisy, options).data[(8 * 32 + 8) * 3]! > 0.505);
});
