import { tf } from '@faceforge/core';
import assert from 'node:assert/strict';

/**
 * A small separable quadratic problem, loss = Σ ½·a·(x − c)², with gradient a·(x − c), for driving
 * optimizers with known gradients. Values are fixed formulas, so every run sees the same numbers.
 */

export interface QuadraticVariable {
  name: string;
  shape: number[];
  init: Float32Array;
  a: Float32Array;
  c: Float32Array;
}

let uniqueCounter = 0;

/** Variables with globally unique names (tfjs names are global per process). */
export function makeProblem(label: string, shapes: number[][]): QuadraticVariable[] {
  const run = uniqueCounter++;
  return shapes.map((shape, k) => {
    const size = shape.reduce((x, y) => x * y, 1);
    const init = new Float32Array(size);
    const a = new Float32Array(size);
    const c = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      init[i] = Math.sin(1.3 * i + 0.7 * k + 0.1);
      a[i] = 0.5 + 1.5 * Math.abs(Math.cos(0.9 * i + k)); // curvatures 0.5..2
      c[i] = 1 + Math.sin(2.1 * i + 1.7 * k); // optima 0..2
    }
    return { name: `${label}-${run}/w${k}`, shape, init, a, c };
  });
}

export function createVariables(problem: QuadraticVariable[], suffix = ''): tf.Variable[] {
  return problem.map((q) => tf.variable(tf.tensor(q.init.slice(), q.shape), true, q.name + suffix));
}

/** tfjs gradients for the given variables (matched to the problem by position); the caller disposes them. */
export function tfGrads(problem: QuadraticVariable[], variables: tf.Variable[], skip: ReadonlySet<number> = new Set()): Record<string, tf.Tensor> {
  const grads: Record<string, tf.Tensor> = {};
  variables.forEach((v, k) => {
    if (skip.has(k)) return;
    const q = problem[k];
    grads[v.name] = tf.tidy(() => tf.tensor(q.a, q.shape).mul(v.sub(tf.tensor(q.c, q.shape))));
  });
  return grads;
}

/** Double-precision parameters keyed by variable name, for the plain-JS reference. */
export function referenceParams(problem: QuadraticVariable[]): Map<string, Float64Array> {
  return new Map(problem.map((q) => [q.name, Float64Array.from(q.init)]));
}

export function referenceGrads(problem: QuadraticVariable[], params: Map<string, Float64Array>, skip: ReadonlySet<number> = new Set()): Map<string, Float64Array> {
  const grads = new Map<string, Float64Array>();
  problem.forEach((q, k) => {
    if (skip.has(k)) return;
    const p = params.get(q.name)!;
    grads.set(q.name, p.map((x, i) => q.a[i] * (x - q.c[i])));
  });
  return grads;
}

/** Elementwise |actual − expected| ≤ atol + rtol·|expected|, reporting the worst element. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  assert.ok(worst < 0, `${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
}

/** Runs `steps` optimizer steps on the problem; `beforeStep` may e.g. change the learning rate. */
export function trainSteps(
  optimizer: { applyGradients(v: tf.Variable[], g: Record<string, tf.Tensor>): void },
  problem: QuadraticVariable[],
  variables: tf.Variable[],
  steps: number,
  options: { skip?: ReadonlySet<number>; beforeStep?: (step: number) => void } = {},
): void {
  for (let s = 0; s < steps; s++) {
    options.beforeStep?.(s);
    const grads = tfGrads(problem, variables, options.skip);
    optimizer.applyGradients(variables, grads);
    tf.dispose(Object.values(grads));
  }
}

/** The same loop for the plain-JS reference. */
export function trainReferenceSteps(
  reference: { apply(p: Map<string, Float64Array>, g: Map<string, Float64Array>): void },
  problem: QuadraticVariable[],
  params: Map<string, Float64Array>,
  steps: number,
  options: { skip?: ReadonlySet<number>; beforeStep?: (step: number) => void } = {},
): void {
  for (let s = 0; s < steps; s++) {
    options.beforeStep?.(s);
    reference.apply(params, referenceGrads(problem, params, options.skip));
  }
}
