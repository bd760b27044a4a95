import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { peakMemory } from './memory.js';
import { selectBackend } from './select-backend.js';

test('peakMemory reports RSS, and the wasm heap once wasm is initialised', async () => {
  const before = peakMemory();
  assert.ok(before.rssMB > 10 && before.maxRssMB >= before.rssMB * 0.99, JSON.stringify(before));
  assert.equal(before.wasmHeapMB, undefined, 'wasm not initialised yet in this process');

  await selectBackend({ requested: 'wasm' });
  const small = peakMemory().wasmHeapMB;
  assert.ok(small !== undefined && small > 0);
  const big = tf.zeros([64, 1024, 1024]); // 256 MB on the wasm heap
  const after = peakMemory();
  big.dispose();
  assert.ok(after.wasmHeapMB! >= 256 && after.wasmHeapMB! > small, `heap ${small} → ${after.wasmHeapMB} MB`);
  assert.ok(after.maxRssMB >= before.maxRssMB);
});
