import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { prepareSampleFaces, tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { resizeBicubic } from '../data/bicubic.js';
import { loadSrPairs } from '../data/sr-images.js';
import { toFloat } from '../data/pixels.js';
import { bicubicUpscaleTensor } from './bicubic-tensor.js';

await selectBackend({ requested: 'cpu', log: () => undefined });

test('bicubic x4 in tf ops equals the MATLAB-style resize inside a 2 px border (edges repeat instead of mirroring there), on real faces', async () => {
  const faces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-test-faces-srgan-128'), perSide: 4, size: 128 });
  const [pair] = await loadSrPairs(faces.a);
  const lr = toFloat(pair!.lr);
  const expected = resizeBicubic(lr, 128, 128);
  const tensors = tf.memory().numTensors;
  const input = tf.tensor4d(lr.data, [1, 32, 32, 3]);
  const out = bicubicUpscaleTensor(tf, input);
  assert.deepEqual(out.shape, [1, 128, 128, 3]);
  const actual = out.dataSync();
  tf.dispose([out, input]);
  let worst = 0;
  for (let y = 2; y < 126; y++) for (let x = 2; x < 126; x++) for (let c = 0; c < 3; c++) {
    const i = (y * 128 + x) * 3 + c;
    worst = Math.max(worst, Math.abs(actual[i]! - Math.min(1, Math.max(0, expected.data[i]!))));
  }
  assert.ok(worst < 1e-5, `largest difference ${worst}`);
  assert.equal(tf.memory().numTensors, tensors, 'no intermediate is left');
});
