import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { builtinLosses } from './catalogue.js';
import { randomImage } from './plain-js-oracles.js';

// Reference values and gradients on cpu first, then the same losses on wasm (this file runs
// in its own process, so switching the global backend is safe).
const shape: [number, number, number, number] = [2, 32, 32, 3];
const trueData = Float32Array.from(randomImage(...shape, 81).data);
const predData = Float32Array.from(randomImage(...shape, 82).data);

function evaluate(name: string): { value: Float32Array; gradient: Float32Array } {
  const loss = builtinLosses.find((l) => l.name === name)!;
  return tf.tidy(() => {
    const yTrue = tf.tensor4d(trueData, shape);
    const yPred = tf.tensor4d(predData, shape);
    const value = loss.compute(yTrue, yPred).dataSync() as Float32Array;
    const gradient = tf.grad((p: tf.Tensor) => tf.mean(loss.compute(yTrue, p as tf.Tensor4D)))(yPred).dataSync() as Float32Array;
    return { value, gradient };
  });
}

await tf.setBackend('cpu');
const onCpu = new Map(builtinLosses.map((l) => [l.name, evaluate(l.name)]));

const require = createRequire(import.meta.url);
setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
await tf.setBackend('wasm');
await tf.ready();

test('the wasm backend is active', () => {
  assert.equal(tf.getBackend(), 'wasm');
});

for (const loss of builtinLosses) {
  test(`${loss.name} on wasm: same value as cpu, finite gradient close to cpu's`, () => {
    const cpu = onCpu.get(loss.name)!;
    const wasm = evaluate(loss.name);
    const valueScale = Math.max(...cpu.value.map(Math.abs));
    cpu.value.forEach((expected, i) => {
      assert.ok(Math.abs(wasm.value[i] - expected) <= 1e-4 * Math.max(Math.abs(expected), valueScale * 1e-2), `value ${i}: ${wasm.value[i]} vs ${expected}`);
    });
    assert.ok(wasm.gradient.every(Number.isFinite), 'non-finite gradient');
    const gradientScale = Math.max(...cpu.gradient.map(Math.abs));
    assert.ok(gradientScale > 0);
    cpu.gradient.forEach((expected, i) => {
      assert.ok(Math.abs(wasm.gradient[i] - expected) <= 1e-3 * gradientScale, `gradient ${i}: ${wasm.gradient[i]} vs ${expected}`);
    });
  });
}
