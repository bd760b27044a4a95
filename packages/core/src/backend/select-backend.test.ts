import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './select-backend.js';
import { isPatched } from './patch-kernel.js';

// The environment variable must not leak in from the shell running the tests.
beforeEach(() => { delete process.env.FACEFORGE_BACKEND; });

// Whether our C++ backend built on this machine decides what "the fastest that loads" is.
const nativeLoads = await import('@faceforge/backend-native' as string).then((m: { available?: boolean }) => m.available === true, () => false);
const fastest = nativeLoads ? 'native' : 'wasm';
const availableHere = nativeLoads ? 'native, wasm, cpu' : 'wasm, cpu';

test('selectBackend picks the fastest backend that loads and explains why the others were skipped', async () => {
  const lines: string[] = [];
  const info = await selectBackend({ log: (l) => lines.push(l) });
  assert.equal(info.name, fastest);
  assert.equal(tf.getBackend(), fastest);
  assert.deepEqual(info.tried.map((t) => t.name), nativeLoads ? ['tensorflow'] : ['tensorflow', 'native']);
  assert.match(info.tried[0].reason, /@tensorflow\/tfjs-node-gpu is not installed; @tensorflow\/tfjs-node is not installed/);
  if (!nativeLoads) assert.match(info.tried[1].reason, /@faceforge\/backend-native/);
  assert.ok(lines.some((l) => l === `backend: using ${fastest}`));
  assert.equal((await selectBackend({ requested: 'wasm' })).name, 'wasm');
  for (const k of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', '_FusedMatMul', 'Identity']) assert.ok(isPatched(k, 'wasm'), k);
  assert.ok(tf.getGradient('DepthToSpace'), 'DepthToSpace gradient registered');
  // Idempotent: a second call changes nothing and still works.
  assert.equal((await selectBackend({ requested: 'wasm' })).name, 'wasm');
  assert.equal(tf.tidy(() => tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'same').sum().dataSync()[0]), 100); // 4 corners·4 + 8 edges·6 + 4 inner·9
});

test('selectBackend honours requested cpu and installs the cpu patch', async () => {
  const info = await selectBackend({ requested: 'cpu' });
  assert.deepEqual(info, { name: 'cpu', tried: [] });
  assert.equal(tf.getBackend(), 'cpu');
  assert.ok(isPatched('Conv2DBackpropFilter', 'cpu'));
});

test('selectBackend honours FACEFORGE_BACKEND, and the option wins over it', async () => {
  process.env.FACEFORGE_BACKEND = 'cpu';
  assert.equal((await selectBackend()).name, 'cpu');
  assert.equal((await selectBackend({ requested: 'wasm' })).name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
});

test('selectBackend rejects an unknown name, listing what is available, and keeps the current backend', async () => {
  await selectBackend({ requested: 'wasm' });
  await assert.rejects(selectBackend({ requested: 'webgpu' }), (err: Error) => {
    assert.match(err.message, /unknown backend 'webgpu'/);
    assert.match(err.message, /known backends: tensorflow, native, wasm, cpu/);
    assert.match(err.message, new RegExp(`Available here: ${availableHere}`));
    assert.match(err.message, /tensorflow: @tensorflow\/tfjs-node-gpu is not installed/);
    return true;
  });
  assert.equal(tf.getBackend(), 'wasm');
});

test('selectBackend rejects a requested backend that cannot load, with the reason', async () => {
  process.env.FACEFORGE_BACKEND = 'tensorflow';
  await assert.rejects(selectBackend(), (err: Error) => {
    assert.match(err.message, /backend 'tensorflow' was requested via FACEFORGE_BACKEND but cannot be used: @tensorflow\/tfjs-node-gpu is not installed/);
    assert.match(err.message, new RegExp(`Available here: ${availableHere}`));
    return true;
  });
});
