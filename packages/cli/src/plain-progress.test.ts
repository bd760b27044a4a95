// Without a terminal, extract and convert print a line at least once a minute with an ETA, as train does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createExtractProgress } from './extract-progress.js';
import { createConvertProgress } from './convert-progress.js';

function fakeStream(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = { isTTY: false, columns: 120, write: (chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, lines: () => chunks.join('').trimEnd().split('\n') };
}

test('extract: a plain line at least once a minute on a long video, with its ETA (fake clock)', () => {
  const { stream, lines } = fakeStream();
  let ms = 0;
  const progress = createExtractProgress({ stream, interactive: false, now: () => ms });
  // 100,000 frames at 3 s a frame: 5 % of the frames would be 4 days apart.
  for (let frame = 1; frame <= 400; frame++) {
    ms += 3000;
    progress.update({ frames: frame, total: 100_000, faces: frame * 2, facesPerSecond: 2 / 3, seconds: ms / 1000 });
  }
  progress.stop();
  const out = lines();
  assert.equal(out.length, 20, out.join('\n'));
  assert.equal(out[0], '[00:01:00] frames 20/100000  faces 40  0.67 faces/s  ETA 83:19:00');
  assert.ok(out.every((l, i) => l.startsWith(`[00:${String(i + 1).padStart(2, '0')}:00] frames ${20 * (i + 1)}/100000`)), out.join('\n'));
  assert.equal(out[19], '[00:20:00] frames 400/100000  faces 800  0.67 faces/s  ETA 83:00:00');
});

test('extract: without a known frame count, a line a minute and no ETA; nothing for no frames', () => {
  const { stream, lines } = fakeStream();
  let ms = 0;
  const progress = createExtractProgress({ stream, interactive: false, now: () => ms });
  progress.update({ frames: 0, faces: 0, facesPerSecond: 0, seconds: 0 });
  for (let frame = 1; frame <= 90; frame++) {
    ms += 1000;
    progress.update({ frames: frame, faces: frame, facesPerSecond: 1, seconds: ms / 1000 });
  }
  progress.stop();
  assert.deepEqual(lines(), ['[00:01:00] frames 60  faces 60  1.00 faces/s', '[00:01:30] frames 90  faces 90  1.00 faces/s']);
});

test('convert: about 20 lines on a short run, at least one a minute on a long one, with an ETA (fake clock)', () => {
  const short = fakeStream();
  let ms = 0;
  const a = createConvertProgress({ stream: short.stream, interactive: false, now: () => ms });
  for (let done = 1; done <= 100; done++) {
    ms += 100;
    a.update({ index: done - 1, done, total: 100, framesPerSecond: 10, faces: done });
  }
  a.stop();
  const out = short.lines();
  assert.equal(out.length, 20);
  assert.equal(out[0], '[00:00:00] frames 5/100  10.00 frames/s  faces 5  ETA 00:00:09');
  assert.equal(out.at(-1), '[00:00:10] frames 100/100  10.00 frames/s  faces 100');

  const long = fakeStream();
  ms = 0;
  const b = createConvertProgress({ stream: long.stream, interactive: false, now: () => ms });
  for (let done = 1; done <= 300; done++) {
    ms += 2000;
    b.update({ index: done - 1, done, total: 90_000, framesPerSecond: 0.5, faces: done });
  }
  const lines = long.lines();
  assert.equal(lines.length, 10, lines.join('\n'));
  assert.equal(lines[0], '[00:01:00] frames 30/90000  0.50 frames/s  faces 30  ETA 49:59:00');
});
