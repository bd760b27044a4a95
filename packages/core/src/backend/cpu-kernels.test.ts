import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { installCpuKernels } from './cpu-kernels.js';
import { setIm2colChunkElements } from './im2col.js';
import { isPatched } from './patch-kernel.js';
import { assertClose, onBackend } from './test-helpers.js';
import { backpropFilter, convCases } from './conv-cases.js';

test('cpu im2col Conv2DBackpropFilter matches the stock cpu kernel', async () => {
  const cases = convCases();
  // References from the stock kernel first, then the same cases through the patch, in one process.
  const want = await onBackend('cpu', () => cases.map(backpropFilter));
  assert.equal(isPatched('Conv2DBackpropFilter', 'cpu'), false);
  installCpuKernels();
  installCpuKernels(); // idempotent
  assert.ok(isPatched('Conv2DBackpropFilter', 'cpu'));
  const got = await onBackend('cpu', () => cases.map(backpropFilter));
  cases.forEach((c, i) => assertClose(got[i], want[i], 1e-4, 1e-4, `dW ${c.label}`));

  setIm2colChunkElements(1); // one batch item per slice: exercises accumulation across slices
  try {
    const sliced = await onBackend('cpu', () => cases.map(backpropFilter));
    cases.forEach((c, i) => assertClose(sliced[i], want[i], 1e-4, 1e-4, `sliced dW ${c.label}`));
  } finally {
    setIm2colChunkElements(1 << 24);
  }
});

test('cpu patch leaves no intermediate tensors behind', async () => {
  installCpuKernels();
  const c = convCases()[40];
  await tf.setBackend('cpu');
  backpropFilter(c);
  const before = tf.memory().numTensors, buffers = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
  backpropFilter(c);
  assert.equal(tf.memory().numTensors, before);
  assert.equal((tf.backend() as unknown as { numDataIds(): number }).numDataIds(), buffers);
});
