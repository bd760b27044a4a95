import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { FUSED_ACCUMULATE, hasFusedKernel } from '@faceforge/core/backend';
import { sumGradients } from '../../core/dist/train/sum-gradients.js';
import { createOptimizer } from '@faceforge/plugin-optimizers';
import { BufferPool, sizeClass } from './buffer-pool.js';
import { addon, BACKEND_NAME, type NativeBackend } from './index.js';
import { DEFAULT_POOL_MB } from './native-backend.js';
import { randomValues } from './test-util.js';

const MIN = 16; // a tiny pooling threshold so the unit tests use small arrays

test('BufferPool recycles released arrays of the same length and never those that escaped', () => {
  const pool = new BufferPool(1024, MIN);
  const a = pool.take(32);
  pool.release(a);
  assert.equal(pool.pooledBytes, 128);
  assert.equal(pool.take(32), a, 'same length: recycled');
  assert.equal(pool.pooledBytes, 0);

  const b = pool.take(32);
  pool.escape(b); // read out by dataSync(): the reader owns it now
  pool.release(b);
  assert.equal(pool.pooledBytes, 0);
  assert.notEqual(pool.take(32), b);

  pool.release(new Float32Array(32)); // not handed out by the pool: never recycled
  assert.equal(pool.pooledBytes, 0);

  const small = pool.take(MIN - 1);
  pool.release(small);
  assert.equal(pool.pooledBytes, 0, 'below the threshold: left to the allocator');
});

test('BufferPool zeroes recycled arrays on takeZeroed and evicts the oldest past its byte budget', () => {
  const pool = new BufferPool(256, MIN); // room for two arrays of 32 floats
  const arrays = [pool.take(32), pool.take(32), pool.take(32)];
  arrays[0]!.fill(7);
  arrays.forEach((x) => pool.release(x));
  assert.equal(pool.pooledBytes, 256);
  const zeroed = pool.takeZeroed(32);
  assert.equal(zeroed, arrays[2], 'the newest is reused first');
  assert.ok(zeroed.every((v) => v === 0));
  assert.equal(pool.take(32), arrays[1]);
  assert.notEqual(pool.take(32), arrays[0], 'the oldest was evicted');
});

test('BufferPool discards exactly the arrays of its own that it drops: evicted, over budget, never escaped ones', () => {
  const discarded: Float32Array[] = [];
  const pool = new BufferPool(256, MIN, (x) => discarded.push(x)); // room for two arrays of 32 floats
  const [a, b, c] = [pool.take(32), pool.take(32), pool.take(32)];
  const huge = pool.take(128);
  const escaped = pool.take(32);
  pool.escape(escaped);
  [a, b, c, huge, escaped].forEach((x) => pool.release(x!));
  assert.deepEqual(discarded, [a, huge], 'the oldest evicted for c, then one over the budget on its own; the escaped array is left alone');
  pool.clear();
  assert.deepEqual(discarded, [a, huge, b, c]);
});

test('BufferPool.setCapacity shrinks the pool to the new budget, discarding the oldest, and keeps it there', () => {
  const discarded: Float32Array[] = [];
  const pool = new BufferPool(1024, MIN, (x) => discarded.push(x));
  const arrays = [pool.take(32), pool.take(32), pool.take(32), pool.take(32)];
  arrays.forEach((x) => pool.release(x));
  assert.equal(pool.pooledBytes, 512);
  pool.setCapacity(256);
  assert.equal(pool.capacityBytes, 256);
  assert.equal(pool.pooledBytes, 256);
  assert.deepEqual(discarded, [arrays[0], arrays[1]], 'the two oldest go');
  const more = [pool.take(16), pool.take(16)];
  more.forEach((x) => pool.release(x));
  assert.equal(pool.pooledBytes, 256, 'new releases stay within the new budget');
});

test('sizeClass rounds up to four classes per octave, never more than 25% over', () => {
  assert.deepEqual([64, 65, 80, 81, 96, 112, 113, 128].map(sizeClass), [64, 80, 80, 96, 96, 112, 128, 128]);
  for (const length of [1000, 65_537, 802_816, 1_234_567]) {
    const size = sizeClass(length);
    assert.ok(size >= length && size <= length * 1.25, `${length} -> ${size}`);
  }
});

test('BufferPool with size classes: views of the class length, recycled whole, and borrowed from up to twice the size', () => {
  const discarded: Float32Array[] = [];
  const pool = new BufferPool(4096, MIN, (x) => discarded.push(x));
  pool.setSizeClasses(true);
  const a = pool.take(33); // class 40
  assert.equal(a.length, 33);
  assert.equal(a.buffer.byteLength, 40 * 4);
  a.fill(5);
  pool.release(a);
  assert.equal(pool.pooledBytes, 160, 'the whole class array is kept');
  const b = pool.take(36); // same class: the same memory
  assert.equal(b.length, 36);
  assert.equal(b.buffer, a.buffer);
  assert.ok(pool.isPrivate(b) && !pool.isPrivate(a));
  pool.release(b);
  const small = pool.take(20); // class 20: the class-40 array is at most twice that, so it serves
  assert.equal(small.buffer, a.buffer);
  assert.equal(pool.takeZeroed(20).buffer.byteLength, 20 * 4, 'nothing kept now: a new one of its own class');
  pool.release(small);
  assert.notEqual(pool.take(16).buffer, a.buffer, 'class 16: a class-40 array is more than twice the size');
  const escaped = pool.take(33);
  assert.equal(escaped.buffer, a.buffer);
  pool.escape(escaped);
  pool.release(escaped);
  assert.equal(pool.pooledBytes, 0, 'an escaped view is never recycled');
  const kept = pool.take(64);
  pool.release(kept);
  pool.setSizeClasses(false);
  assert.equal(pool.pooledBytes, 0, 'switching drops what was kept');
  assert.equal(discarded.length, 1);
  assert.equal(discarded[0]!.buffer, kept.buffer);
  assert.equal(discarded[0]!.length, 64, 'discard gets whole arrays');
});

test('native: setPoolBudget sets the pool budget for the work at hand, unless FACEFORGE_POOL_MB chose one', async () => {
  const backend = tf.findBackend(BACKEND_NAME) as NativeBackend;
  const before = backend.pool.capacityBytes;
  const saved = process.env.FACEFORGE_POOL_MB;
  try {
    delete process.env.FACEFORGE_POOL_MB;
    backend.setPoolBudget(192);
    assert.equal(backend.pool.capacityBytes, 192 * 2 ** 20);
    process.env.FACEFORGE_POOL_MB = '64';
    backend.setPoolBudget(512);
    assert.equal(backend.pool.capacityBytes, 192 * 2 ** 20, 'the user\'s setting wins');
    delete process.env.FACEFORGE_POOL_MB;
    backend.setPoolBudget(256, { sizeClasses: true });
    const length = (1 << 16) + 1;
    assert.equal(backend.pool.take(length).buffer.byteLength, sizeClass(length) * 4, 'inference: rounded to its size class');
    backend.setPoolBudget('default');
    assert.equal(backend.pool.capacityBytes, DEFAULT_POOL_MB * 2 ** 20, 'training: the default budget again');
    assert.equal(backend.pool.take(length).buffer.byteLength, length * 4, 'and exact lengths');
  } finally {
    if (saved === undefined) delete process.env.FACEFORGE_POOL_MB;
    else process.env.FACEFORGE_POOL_MB = saved;
    backend.pool.setCapacity(before);
  }
});

test('the native addon discard gives pages back: the array reads as zeros after', () => {
  const x = new Float32Array(1 << 20); // 4 MiB: whole pages inside
  x.fill(3);
  addon!.discard(x);
  const pageFloats = 4096 / 4;
  assert.equal(x[x.length >> 1], 0, 'a page in the middle was released');
  assert.ok(x.subarray(pageFloats * 2, pageFloats * 4).every((v) => v === 0));
});

test('BufferPool keeps an in-place output until the last tensor on it is released', () => {
  const pool = new BufferPool(1024, MIN);
  const a = pool.take(32);
  pool.shareInPlace(a); // the old and the new tensor both reference a
  pool.release(a);
  assert.equal(pool.pooledBytes, 0, 'one tensor still references it');
  assert.ok(pool.isPrivate(a));
  pool.release(a);
  assert.equal(pool.pooledBytes, 128);
});

const backend = () => tf.findBackend(BACKEND_NAME) as NativeBackend;
const valuesOf = (t: tf.Tensor) => backend().data.get(t.dataId)!.values as Float32Array;
const LARGE = [300, 300]; // 90000 floats: over the backend pool's threshold

test('native: Adam updates a variable in place once it owns its array, and matches cpu', () => {
  const run = (name: string) => {
    tf.setBackend(name);
    const v = tf.variable(tf.tensor(randomValues(90000, 1), LARGE));
    const optimizer = createOptimizer('adam', { learningRate: 0.01 });
    const arrays: unknown[] = [];
    for (let step = 0; step < 4; step++) {
      const grad = tf.tidy(() => v.mul(0.5).add(0.1));
      optimizer.applyGradients([v], { [v.name]: grad });
      grad.dispose();
      if (name === BACKEND_NAME) arrays.push(valuesOf(v));
    }
    const result = v.dataSync().slice();
    optimizer.dispose();
    v.dispose();
    return { result, arrays };
  };
  const cpu = run('cpu');
  const native = run(BACKEND_NAME);
  // step 1 writes a new array (the initial one came from outside the pool); later steps reuse it
  assert.equal(native.arrays[1], native.arrays[2]);
  assert.equal(native.arrays[2], native.arrays[3]);
  for (let i = 0; i < cpu.result.length; i += 997) assert.ok(Math.abs(native.result[i] - cpu.result[i]) <= 1e-6, `index ${i}`);
});

test('native: an array read out with dataSync is never recycled or updated in place', () => {
  tf.setBackend(BACKEND_NAME);
  const v = tf.variable(tf.zeros(LARGE));
  const optimizer = createOptimizer('adam', { learningRate: 0.01 });
  const step = () => {
    const grad = tf.ones(LARGE);
    optimizer.applyGradients([v], { [v.name]: grad });
    grad.dispose();
  };
  step();
  step();
  const read = v.dataSync() as Float32Array; // the backend's own array, now the reader's
  const snapshot = read.slice();
  step();
  step();
  assert.deepEqual(read, snapshot, 'the array the reader holds did not change');
  assert.notEqual(valuesOf(v), read);

  const x = tf.add(tf.ones(LARGE), 1);
  const seen = x.dataSync();
  x.dispose();
  const y = tf.add(tf.ones(LARGE), 5); // same length: would take a recycled array
  assert.notEqual(valuesOf(y), seen);
  assert.equal(seen[0], 2);
  tf.dispose([y, v]);
  optimizer.dispose();
});

test('native: a zero-copy slice keeps its values after the sliced tensor is disposed', () => {
  tf.setBackend(BACKEND_NAME);
  const x = tf.add(tf.zeros(LARGE), 3); // a pooled output
  const rows = x.slice([0, 0], [100, 300]); // contiguous rows: a view of x's array
  x.dispose();
  const later = [tf.add(tf.zeros(LARGE), 9), tf.add(tf.zeros(LARGE), 9)];
  assert.ok(rows.dataSync().every((value) => value === 3));
  tf.dispose([rows, ...later]);
});

test('native: gradient sums accumulate in place into a private running sum, never into one read out or shared', () => {
  tf.setBackend(BACKEND_NAME);
  assert.ok(hasFusedKernel(FUSED_ACCUMULATE));
  const a = tf.add(tf.ones(LARGE), 1), b = tf.add(tf.ones(LARGE), 2); // pooled outputs: 2 and 3
  const aValues = valuesOf(a);
  const summed = sumGradients([() => ({ w: a }), () => ({ w: b })]);
  assert.equal(valuesOf(summed.w!), aValues, 'written into the first pass gradient');
  assert.ok(summed.w!.dataSync().every((v) => v === 5));
  assert.equal(a.isDisposed && b.isDisposed, true);

  const c = tf.add(tf.ones(LARGE), 1), d = tf.add(tf.ones(LARGE), 2);
  const seen = c.dataSync(); // the reader holds c's array now
  const e = tf.add(tf.ones(LARGE), 1), alias = e.reshape([90000]); // a second tensor on e's data
  const f = tf.add(tf.ones(LARGE), 2);
  const sums = sumGradients([() => ({ c, e }), () => ({ c: d, e: f })]);
  assert.notEqual(valuesOf(sums.c!), seen);
  assert.ok(seen.every((v) => v === 2), 'the read-out array did not change');
  assert.ok(sums.c!.dataSync().every((v) => v === 5));
  assert.ok(alias.dataSync().every((v) => v === 2), 'the alias still sees its own values');
  assert.ok(sums.e!.dataSync().every((v) => v === 5));
  tf.dispose([summed.w!, sums.c!, sums.e!, alias]);
});

test('native: with size classes on, a conv net gives the same floats as with exact lengths', () => {
  tf.setBackend(BACKEND_NAME);
  const saved = backend().pool.capacityBytes;
  const input = tf.tensor4d(randomValues(3 * 40 * 40 * 8, 1), [3, 40, 40, 8]);
  const filter = tf.tensor4d(randomValues(3 * 3 * 8 * 48, 2), [3, 3, 8, 48]);
  const bias = tf.tensor1d(randomValues(48, 3));
  const net = () => tf.tidy(() => {
    const y = tf.fused.conv2d({ x: input, filter, bias, activation: 'relu', pad: 'same', strides: 1 });
    return tf.add(tf.mul(y, 2), tf.sum(y, 3, true)).dataSync().slice();
  });
  try {
    backend().pool.setSizeClasses(false);
    const exact = [net(), net()];
    backend().pool.setSizeClasses(true);
    const classed = [net(), net()]; // the second run on recycled views
    assert.deepEqual(classed[0], exact[0]);
    assert.deepEqual(classed[1], exact[1]);
    assert.ok(backend().pool.pooledBytes > 0, 'the outputs were recycled');
  } finally {
    backend().pool.setSizeClasses(false);
    backend().pool.setCapacity(saved);
    tf.dispose([input, filter, bias]);
  }
});
