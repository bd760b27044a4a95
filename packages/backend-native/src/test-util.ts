import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

/** Deterministic uniform [-1, 1) values (mulberry32). */
export function randomValues(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** |actual − expected| ≤ atol + rtol·|expected| elementwise, with the worst index in the message. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, rtol = 1e-4, atol = 1e-4): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) { worst = i; worstExcess = excess; }
  }
  assert.ok(worst < 0, `${label}: index ${worst}: ${actual[worst]} vs ${expected[worst]}`);
}

/** Runs `fn` on 'cpu' and on 'native' with the same inputs and returns both results' values. */
export function onBoth(fn: () => tf.Tensor | tf.Tensor[]): { cpu: Float32Array[]; native: Float32Array[]; shapes: number[][] } {
  const run = (backend: string) => {
    tf.setBackend(backend);
    return tf.tidy(() => {
      const r = fn();
      const list = Array.isArray(r) ? r : [r];
      return { values: list.map((t) => t.dataSync() as Float32Array), shapes: list.map((t) => t.shape) };
    });
  };
  const cpu = run('cpu');
  const native = run('native');
  native.shapes.forEach((s, i) => assert.deepEqual(s, cpu.shapes[i], 'output shape'));
  return { cpu: cpu.values, native: native.values, shapes: native.shapes };
}
