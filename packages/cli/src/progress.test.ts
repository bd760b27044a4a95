import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, formatClock } from './progress.js';

/** A stream stand-in that records what is written. */
function fakeStream(isTTY = false): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 120,
    write(chunk: string | Uint8Array): boolean {
      chunks.push(String(chunk));
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

const info = { egPerSec: 3.2, lossA: 0.04123, lossB: 0.03877 };

test('plain mode: about 20 lines per run with elapsed time, the last iteration always included', () => {
  const { stream, text } = fakeStream();
  let ms = 0;
  const p = createProgress({ total: 100, startAt: 0, stream, interactive: false, now: () => ms });
  for (let it = 1; it <= 100; it++) {
    ms += 1000;
    p.update(it, info);
  }
  p.log('saved model');
  p.stop();
  const lines = text().trimEnd().split('\n');
  assert.equal(lines.length, 21);
  assert.equal(lines[0], '[00:00:05] iter 5/100  EG/s 3.2  loss A 0.0412  loss B 0.0388  ETA 00:01:35');
  assert.equal(lines[19], '[00:01:40] iter 100/100  EG/s 3.2  loss A 0.0412  loss B 0.0388');
  assert.equal(lines[20], 'saved model');
});

test('plain mode: resumed run, sparse updates, and stop() prints where training ended', () => {
  const { stream, text } = fakeStream();
  let ms = 0;
  const p = createProgress({ total: 1000, startAt: 500, stream, interactive: false, plainEvery: 10, now: () => ms });
  for (let it = 503; it <= 537; it += 3) {
    ms += 500;
    p.update(it, info);
  }
  p.stop();
  p.update(600, info); // ignored after stop
  const iters = text().trimEnd().split('\n').map((l) => /iter (\d+)\/1000/.exec(l)?.[1]);
  // Lines at the first update reaching 510, 520, 530; then the final 536 from stop().
  assert.deepEqual(iters, ['512', '521', '530', '536']);
});

test('plain mode: a line at least once a minute on a long run, with its ETA (fake clock)', () => {
  const { stream, text } = fakeStream();
  let ms = 0;
  // faceswap's default run: a million iterations, 20 lines would be one every 50,000 (days apart).
  const p = createProgress({ total: 1_000_000, startAt: 0, stream, interactive: false, now: () => ms });
  for (let it = 1; it <= 600; it++) {
    ms += 2000; // 2 s per iteration: 20 minutes in all
    p.update(it, info);
  }
  const lines = text().trimEnd().split('\n');
  assert.equal(lines.length, 20, 'one line a minute for 20 minutes');
  assert.equal(lines[0], '[00:01:00] iter 30/1000000  EG/s 3.2  loss A 0.0412  loss B 0.0388  ETA 555:32:20');
  assert.ok(lines.every((l, i) => l.startsWith(`[00:${String(i + 1).padStart(2, '0')}:00] iter ${30 * (i + 1)}/`)), lines.join('\n'));
});

test('plain mode is chosen for non-TTY streams by default, and for CI', () => {
  const { stream, text } = fakeStream(false);
  const p = createProgress({ total: 2, startAt: 0, stream });
  p.update(1, info);
  p.update(2, info);
  p.stop();
  assert.match(text(), /iter 1\/2 .*\n.*iter 2\/2 /);

  const saved = process.env.CI;
  process.env.CI = 'true';
  try {
    const tty = fakeStream(true);
    const q = createProgress({ total: 1, startAt: 0, stream: tty.stream });
    q.update(1, info);
    q.stop();
    assert.equal(tty.text(), '[00:00:00] iter 1/1  EG/s 3.2  loss A 0.0412  loss B 0.0388\n');
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
});

test('interactive mode draws a cli-progress bar with the payload', () => {
  const { stream, text } = fakeStream(true);
  const p = createProgress({ total: 100, startAt: 10, stream, interactive: true });
  p.update(50, info);
  p.log('saved');
  p.stop();
  const out = text();
  assert.match(out, /50\/100 \| EG\/s 3\.2 \| loss A 0\.0412 \| loss B 0\.0388/);
  assert.match(out, /saved\n/);
});

test('clock formatting', () => {
  assert.equal(formatClock(83), '00:01:23');
  assert.equal(formatClock(100 * 3600 + 5), '100:00:05');
});
