import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameNumber, inFrameRanges, lastRangedFrame, parseFrameRanges, videoFrameStem } from './frame-numbers.js';

test('frame ranges: numbers from 1, both ends included, open ends, single frames, as 0-based indexes; mistakes are named', () => {
  const ranges = parseFrameRanges('80-90, 10-50,120-,7');
  assert.deepEqual(ranges, [{ start: 6, end: 6 }, { start: 9, end: 49 }, { start: 79, end: 89 }, { start: 119, end: Infinity }]);
  // frame 10 is index 9, frame 50 index 49
  assert.ok(inFrameRanges(ranges, 9) && inFrameRanges(ranges, 49) && inFrameRanges(ranges, 6) && inFrameRanges(ranges, 5000));
  assert.ok(!inFrameRanges(ranges, 50) && !inFrameRanges(ranges, 7) && !inFrameRanges(ranges, 118));
  assert.ok(inFrameRanges(undefined, 3), 'no ranges: every frame');
  assert.equal(lastRangedFrame(parseFrameRanges('10-50,80-90')), 89);
  assert.equal(lastRangedFrame(ranges), Infinity);
  assert.throws(() => parseFrameRanges('10-5', '-R'), /^Error: -R: '10-5' ends before it starts$/);
  assert.throws(() => parseFrameRanges('a-b'), /--frame-ranges: 'a-b' is not a frame range/);
  assert.throws(() => parseFrameRanges(' , '), /no range/);
  assert.throws(() => parseFrameRanges('0-10', '--frames', RangeError), (e: Error) => e instanceof RangeError && /--frames: '0-10': frames are numbered from 1/.test(e.message));
});

test('the first frame is frame 1 and its stem is _000001', () => {
  assert.equal(frameNumber(0), 1);
  assert.equal(videoFrameStem('clip', 0), 'clip_000001');
  assert.equal(videoFrameStem('clip', 199), 'clip_000200');
  assert.deepEqual(parseFrameRanges('200'), [{ start: 199, end: 199 }], 'frame 200 is the one named _000200');
});
