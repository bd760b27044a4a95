import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameRateFraction } from './media-info.js';

test('a frame rate as ffmpeg prints it, as an exact fraction', () => {
  assert.deepEqual(frameRateFraction(24), { num: 24, den: 1 });
  assert.deepEqual(frameRateFraction(29.97), { num: 30000, den: 1001 });
  assert.deepEqual(frameRateFraction(23.98), { num: 24000, den: 1001 });
  assert.deepEqual(frameRateFraction(59.94), { num: 60000, den: 1001 });
  assert.deepEqual(frameRateFraction(12.5), { num: 12500, den: 1000 });
});
