/**
 * testLoss: a loss function's values and gradients against plain-JS oracles, its output shape, its
 * minimum at identical inputs, and that it leaks no tensors (ESLint's RuleTester, for losses).
 */
import { describe, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';
import type { LossFunction } from '../hooks/loss-types.js';
import { Rng } from '../util/rng.js';
import { harnessBackend, harnessForge } from './host.js';
import { maxAbs, maxAbsDifference, maxRelativeError, mean } from './checks.js';

/** An NHWC batch as plain numbers: `{shape, data}`, or `{n, h, w, c, data}` (the oracles' layout). */
export type LossInput =
  | { shape: [number, number, number, number]; data: ArrayLike<number> }
  | { n: number; h: number; w: number; c: number; data: ArrayLike<number> };

/** A plain-JS oracle: the loss's full output (the map, or one value per item), row-major. */
export type LossOracle<I extends LossInput> = (yTrue: I, yPred: I) => ArrayLike<number>;

export interface LossCase<I extends LossInput = LossInput> {
  name?: string;
  yTrue: I;
  yPred: I;
  /** The expected output: values, or an oracle computing them from the inputs. */
  expected: ArrayLike<number> | LossOracle<I>;
  /** Largest allowed |actual − expected| / max(|expected|, floor) (default 1e-4). */
  tolerance?: number;
  /** See `tolerance` (default 1e-4). */
  floor?: number;
  /**
   * The gradient of mean(loss) with respect to yPred: an oracle for it, or 'numeric' (the default):
   * central differences of the oracle in float64 when `expected` is one, else of the loss itself in
   * float32 at a few elements. false skips the gradient check.
   */
  gradient?: LossOracle<I> | 'numeric' | false;
  /** Largest allowed max|actual − expected| / max|expected| of the gradient (default 1e-3; 2e-2 for the float32 numeric one). */
  gradientTolerance?: number;
}

export interface LossTestOptions<I extends LossInput = LossInput> {
  cases: LossCase<I>[];
  backend?: string;
}

/** Deterministic uniform values in [low, high) as a LossInput, for cases. */
export function lossInput(shape: [number, number, number, number], seed: number, low = 0, high = 1): { shape: [number, number, number, number]; data: Float64Array } {
  const rng = new Rng(seed);
  return { shape, data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(low, high)) };
}

function shapeOf(input: LossInput): [number, number, number, number] {
  return 'shape' in input ? input.shape : [input.n, input.h, input.w, input.c];
}

function tensorOf(input: LossInput): tf.Tensor4D {
  const shape = shapeOf(input);
  assert.equal(input.data.length, shape.reduce((a, b) => a * b, 1), `input data has ${input.data.length} values for shape [${shape}]`);
  return tf.tensor4d(Float32Array.from(input.data), shape);
}

/** `input` with its data replaced (same layout, so the oracle reads it as it reads the case's). */
function withData<I extends LossInput>(input: I, data: Float64Array): I {
  return { ...input, data };
}

const meanOf = (values: ArrayLike<number>) => mean(Array.from(values));

/** d mean(oracle(yTrue, yPred)) / d yPred by float64 central differences. */
function oracleGradient<I extends LossInput>(oracle: LossOracle<I>, yTrue: I, yPred: I, h = 1e-6): Float64Array {
  const base = Float64Array.from(yPred.data);
  const gradient = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const up = Float64Array.from(base);
    const down = Float64Array.from(base);
    up[i] = base[i]! + h;
    down[i] = base[i]! - h;
    gradient[i] = (meanOf(oracle(yTrue, withData(yPred, up))) - meanOf(oracle(yTrue, withData(yPred, down)))) / (2 * h);
  }
  return gradient;
}

function lossMean(loss: LossFunction, yTrue: tf.Tensor4D, yPred: tf.Tensor4D): number {
  return tf.tidy(() => tf.mean(loss.compute(yTrue, yPred)).dataSync()[0]!);
}

/** Registers node:test tests for one loss function: a loss object, or the one a plugin registers under `name`. */
export function testLoss<I extends LossInput>(target: LossFunction | { plugin: FaceforgePlugin; name: string }, options: LossTestOptions<I>): void {
  const from = 'compute' in target ? '' : ` (plugin '${target.plugin.meta.name}')`;
  let loss: LossFunction;
  describe(`loss '${target.name}'${from}`, () => {
    before(async () => {
      await harnessBackend(options.backend);
      if ('compute' in target) {
        loss = target;
      } else {
        const forge = harnessForge([target.plugin]);
        assert.equal(forge.losses.owner(target.name), target.plugin.meta.name, `plugin '${target.plugin.meta.name}' registers no loss '${target.name}'`);
        loss = forge.losses.get(target.name);
      }
    });

    assert.ok(options.cases.length > 0, 'testLoss needs at least one case');
    for (const [index, c] of options.cases.entries()) {
      const caseName = `case ${index + 1}${c.name ? ` (${c.name})` : ''}`;
      const shape = shapeOf(c.yTrue);
      const tensors = () => ({ yTrue: tensorOf(c.yTrue), yPred: tensorOf(c.yPred) });
      const release = (t: { yTrue: tf.Tensor; yPred: tf.Tensor }) => tf.dispose([t.yTrue, t.yPred]);

      test(`${caseName}: values match the oracle`, () => {
        const t = tensors();
        try {
          const actual = tf.tidy(() => loss.compute(t.yTrue, t.yPred).dataSync());
          const expected = typeof c.expected === 'function' ? c.expected(c.yTrue, c.yPred) : c.expected;
          assert.equal(actual.length, expected.length, `the loss gives ${actual.length} values, the oracle ${expected.length}`);
          const error = maxRelativeError(actual, expected, c.floor ?? 1e-4);
          assert.ok(error <= (c.tolerance ?? 1e-4), `largest relative error ${error.toExponential(3)} exceeds ${c.tolerance ?? 1e-4}`);
        } finally {
          release(t);
        }
      });

      test(`${caseName}: output shape follows \`spatial\` (a map [N,H,W,1 or C], else [N])`, () => {
        const t = tensors();
        try {
          const out = tf.tidy(() => loss.compute(t.yTrue, t.yPred));
          const got = out.shape;
          out.dispose();
          if (loss.spatial) {
            assert.equal(got.length, 4, `a spatial loss gives a map [N,H,W,C or 1], got [${got}]`);
            assert.deepEqual(got.slice(0, 3), shape.slice(0, 3), `the map is [N,H,W] of the input ([${shape.slice(0, 3)}]), got [${got}]`);
            assert.ok(got[3] === 1 || got[3] === shape[3], `the map has 1 or ${shape[3]} channels, got ${got[3]}`);
          } else {
            assert.deepEqual(got, [shape[0]], `a non-spatial loss gives one value per item [${shape[0]}], got [${got}]`);
          }
        } finally {
          release(t);
        }
      });

      if (c.gradient !== false) {
        test(`${caseName}: gradient with respect to yPred matches ${typeof c.gradient === 'function' ? 'the oracle gradient' : 'central differences'}`, () => {
          const t = tensors();
          try {
            const actual = tf.tidy(() => tf.grad((p: tf.Tensor) => tf.mean(loss.compute(t.yTrue, p as tf.Tensor4D)))(t.yPred).dataSync());
            assert.ok(actual.every(Number.isFinite), 'the gradient has non-finite values');
            let expected: ArrayLike<number>;
            let indices: number[];
            let tolerance = c.gradientTolerance ?? 1e-3;
            if (typeof c.gradient === 'function') {
              expected = c.gradient(c.yTrue, c.yPred);
              indices = Array.from({ length: expected.length }, (_, i) => i);
            } else if (typeof c.expected === 'function') {
              expected = oracleGradient(c.expected, c.yTrue, c.yPred);
              indices = Array.from({ length: expected.length }, (_, i) => i);
            } else {
              // float32 differences of the loss itself, at up to 16 elements spread over the input
              tolerance = c.gradientTolerance ?? 2e-2;
              const count = Math.min(16, actual.length);
              indices = Array.from({ length: count }, (_, k) => Math.floor((k * actual.length) / count));
              const base = Float64Array.from(c.yPred.data);
              const h = 1e-3;
              expected = indices.map((i) => {
                const at = (delta: number) => {
                  const data = Float64Array.from(base);
                  data[i] = base[i]! + delta;
                  const p = tensorOf(withData(c.yPred, data));
                  const value = lossMean(loss, t.yTrue, p);
                  p.dispose();
                  return value;
                };
                return (at(h) - at(-h)) / (2 * h);
              });
            }
            const wanted = Array.from(expected);
            assert.equal(wanted.length, indices.length, `the expected gradient has ${wanted.length} values for ${indices.length} elements`);
            const picked = indices.map((i) => actual[i]!);
            const scale = maxAbs(wanted);
            assert.ok(scale > 0, 'the expected gradient is all zero: choose yPred away from yTrue');
            const error = maxAbsDifference(picked, wanted) / scale;
            assert.ok(error <= tolerance, `largest gradient error ${error.toExponential(3)} (relative to the largest expected |g| ${scale.toExponential(3)}) exceeds ${tolerance}`);
          } finally {
            release(t);
          }
        });
      }

      test(`${caseName}: loss(yTrue, yTrue) is the minimum (below yPred and seeded perturbations of yTrue)`, () => {
        const t = tensors();
        const rng = new Rng(index + 1);
        try {
          const same = lossMean(loss, t.yTrue, t.yTrue);
          assert.ok(Number.isFinite(same), `loss(x, x) is ${same}`);
          const others: Array<{ what: string; value: number }> = [{ what: 'yPred', value: lossMean(loss, t.yTrue, t.yPred) }];
          for (let k = 0; k < 3; k++) {
            const data = Float64Array.from(c.yTrue.data, (v) => Math.min(1, Math.max(0, v + rng.uniform(-0.05, 0.05))));
            const p = tensorOf(withData(c.yTrue, data));
            others.push({ what: `yTrue + noise ${k + 1}`, value: lossMean(loss, t.yTrue, p) });
            p.dispose();
          }
          for (const other of others) assert.ok(same <= other.value + 1e-7, `loss(x, x) = ${same} is above loss(x, ${other.what}) = ${other.value}`);
        } finally {
          release(t);
        }
      });

      test(`${caseName}: leaks no tensors (compute and gradient)`, () => {
        const t = tensors();
        try {
          const before = tf.memory().numTensors;
          loss.compute(t.yTrue, t.yPred).dispose();
          tf.grad((p: tf.Tensor) => tf.mean(loss.compute(t.yTrue, p as tf.Tensor4D)))(t.yPred).dispose();
          assert.equal(tf.memory().numTensors - before, 0, 'tensors left behind by compute (outside tf.tidy) or its gradient');
        } finally {
          release(t);
        }
      });
    }
  });
}
