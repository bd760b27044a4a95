import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './select-backend.js';
import { setIm2colChunkElements } from './im2col.js';
import { isPatched } from './patch-kernel.js';
import { Rng } from '../util/rng.js';
import { assertClose, onBackend, randomArray } from './test-helpers.js';
import { backpropFilter, backpropInput, convCases } from './conv-cases.js';

before(async () => {
  const info = await selectBackend({ requested: 'wasm' });
  assert.equal(info.name, 'wasm');
});

const cases = convCases();

test('wasm Conv2DBackpropFilter matches stock cpu (dilated-conv and im2col paths)', async () => {
  assert.ok(isPatched('Conv2DBackpropFilter', 'wasm'));
  const got = await onBackend('wasm', () => cases.map(backpropFilter));
  const want = await onBackend('cpu', () => cases.map(backpropFilter));
  cases.forEach((c, i) => assertClose(got[i], want[i], 1e-4, 1e-4, `dW ${c.label}`));
});

test('wasm Conv2DBackpropFilter im2col path is exact across batch slices', async () => {
  // 'valid' with a remainder row forces im2col; a tiny chunk limit forces one batch item per slice.
  const c = cases.find((k) => k.label === 'n3 8x8 k3 s2/2 valid 5->8')!;
  assert.ok(c);
  setIm2colChunkElements(1);
  try {
    const got = await onBackend('wasm', () => backpropFilter(c));
    const want = await onBackend('cpu', () => backpropFilter(c));
    assertClose(got, want, 1e-4, 1e-4, `sliced dW ${c.label}`);
  } finally {
    setIm2colChunkElements(1 << 24);
  }
});

test('wasm Conv2DBackpropInput (polyphase) matches stock cpu', async () => {
  assert.ok(isPatched('Conv2DBackpropInput', 'wasm'));
  const got = await onBackend('wasm', () => cases.map(backpropInput));
  const want = await onBackend('cpu', () => cases.map(backpropInput));
  cases.forEach((c, i) => assertClose(got[i], want[i], 1e-4, 1e-4, `dx ${c.label}`));
});

test('wasm BatchMatMul and _FusedMatMul match cpu for all transpose combinations', async () => {
  const rng = new Rng(7);
  const [m, k, n] = [6, 13, 9];
  const runs: Array<{ label: string; fn: () => Float32Array }> = [];
  for (const ta of [false, true]) for (const tb of [false, true]) {
    for (const batch of [1, 3]) {
      const aShape = batch === 1 ? (ta ? [k, m] : [m, k]) : (ta ? [batch, k, m] : [batch, m, k]);
      const bShape = batch === 1 ? (tb ? [n, k] : [k, n]) : (tb ? [batch, n, k] : [batch, k, n]);
      const a = randomArray(rng, aShape), b = randomArray(rng, bShape), bias = randomArray(rng, [n]);
      runs.push({ label: `matMul b${batch} tA=${ta} tB=${tb}`,
        fn: () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb).dataSync() as Float32Array });
      runs.push({ label: `fused.matMul+bias+relu b${batch} tA=${ta} tB=${tb}`,
        fn: () => tf.fused.matMul({ a: tf.tensor(a, aShape), b: tf.tensor(b, bShape), transposeA: ta, transposeB: tb,
          bias: tf.tensor1d(bias), activation: 'relu' }).dataSync() as Float32Array });
    }
  }
  const got = await onBackend('wasm', () => runs.map((r) => r.fn()));
  const want = await onBackend('cpu', () => runs.map((r) => r.fn()));
  runs.forEach((r, i) => assertClose(got[i], want[i], 1e-5, 1e-5, r.label));
});

test('wasm Identity shares the buffer instead of copying it', async () => {
  await tf.setBackend('wasm');
  const backend = tf.backend() as unknown as { refCount(id: object): number; numDataIds(): number };
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const buffersBefore = backend.numDataIds();
  const y = tf.clone(x); // runs the Identity kernel
  assert.equal(y.dataId, x.dataId, 'same data id');
  assert.equal(backend.refCount(x.dataId), 2, 'refcount shared by both tensors');
  assert.equal(backend.numDataIds(), buffersBefore, 'no new buffer on the wasm heap');
  x.dispose();
  assert.equal(backend.refCount(y.dataId), 1);
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4, 5, 6]);
  y.dispose();
});

test('wasm kernel patches leak no heap buffers', async () => {
  await tf.setBackend('wasm');
  const c = cases.find((k) => k.label === 'n3 8x8 k3 s2/2 valid 5->8')!;
  const d = cases.find((k) => k.label === 'n3 9x9 k5 s2/2 same 5->8')!;
  backpropFilter(c); backpropFilter(d); backpropInput(d); // warm-up
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const before = backend.numDataIds();
  backpropFilter(c); backpropFilter(d); backpropInput(c); backpropInput(d);
  tf.tidy(() => tf.matMul(tf.ones([4, 3]), tf.ones([5, 4]), true, true).dataSync());
  assert.equal(backend.numDataIds(), before);
});
