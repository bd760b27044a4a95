// Shared by the backend tests: seeded data, cross-backend runs and a numpy-style closeness check.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng.js';

export function randomArray(rng: Rng, shape: number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

/** Runs `fn` with `name` active and returns plain arrays, so results can be compared across backends. */
export async function onBackend<T>(name: string, fn: () => T): Promise<T> {
  assert.ok(await tf.setBackend(name), `could not activate ${name}`);
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

/** |a − b| ≤ abs + rtol·|b| elementwise, with the worst offender in the message. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, abs: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (abs + rtol * Math.abs(expected[i]));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) { worst = i; worstExcess = excess; }
  }
  if (worst >= 0) assert.fail(`${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]}`);
}
