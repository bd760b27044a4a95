import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTaskProgress } from './task-progress.js';

function fakeStream(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY: false, columns: 120, write: (chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

test('plain task progress: about 20 lines, resumed counts, messages in between, the last count always shown', () => {
  const { stream, text } = fakeStream();
  let ms = 0;
  const progress = createTaskProgress({ total: 140, startAt: 100, unit: 'iter', stream, interactive: false, now: () => ms });
  for (let i = 101; i <= 139; i++) {
    ms += 500;
    progress.update(i, `loss ${(1 / i).toFixed(4)}`);
    if (i === 120) progress.log('saved');
  }
  progress.stop();
  const lines = text().trimEnd().split('\n');
  assert.equal(lines[0], '[00:00:01] iter 102/140  loss 0.0098  ETA 00:00:19');
  assert.ok(lines.includes('saved'));
  assert.equal(lines.at(-1), '[00:00:19] iter 139/140  loss 0.0072  ETA 00:00:00');
  assert.ok(lines.length >= 20 && lines.length <= 22, `${lines.length} lines`);
});
