import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inFrameRanges, lastRangedFrame, parseFrameRanges } from './frame-ranges.js';
import { frameRateFraction } from './media-info.js';

test('--frame-ranges: inclusive ranges, open ends, single frames; mistakes are named', () => {
  const ranges = parseFrameRanges('80-90, 10-50,120-,7');
  assert.deepEqual(ranges, [{ start: 7, end: 7 }, { start: 10, end: 50 }, { start: 80, end: 90 }, { start: 120, end: Infinity }]);
  assert.ok(inFrameRanges(ranges, 10) && inFrameRanges(ranges, 50) && inFrameRanges(ranges, 7) && inFrameRanges(ranges, 5000));
  assert.ok(!inFrameRanges(ranges, 51) && !inFrameRanges(ranges, 8) && !inFrameRanges(ranges, 119));
  assert.ok(inFrameRanges(undefined, 3), 'no ranges: every frame');
  assert.equal(lastRangedFrame(parseFrameRanges('10-50,80-90')), 90);
  assert.equal(lastRangedFrame(ranges), Infinity);
  assert.throws(() => parseFrameRanges('10-5'), /'10-5' ends before it starts/);
  assert.throws(() => parseFrameRanges('a-b'), /'a-b' is not a frame range/);
  assert.throws(() => parseFrameRanges(' , '), /no range/);
});

test('a frame rate as ffmpeg prints it, as an exact fraction', () => {
  assert.deepEqual(frameRateFraction(24), { num: 24, den: 1 });
  assert.deepEqual(frameRateFraction(29.97), { num: 30000, den: 1001 });
  assert.deepEqual(frameRateFraction(23.98), { num: 24000, den: 1001 });
  assert.deepEqual(frameRateFraction(59.94), { num: 60000, den: 1001 });
  assert.deepEqual(frameRateFraction(12.5), { num: 12500, den: 1000 });
});
