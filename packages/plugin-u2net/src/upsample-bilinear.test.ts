import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { interpolationMatrix, resizeBilinearTorch, upsampleLike } from './upsample-bilinear.js';

const upsample2 = (x: tf.Tensor4D) => resizeBilinearTorch(x, x.shape[1] * 2, x.shape[2] * 2);

await selectBackend({ requested: 'wasm', log: () => undefined });

const maxDifference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

test('forward equals torch bilinear (align_corners=False), i.e. tfjs resizeBilinear with half-pixel centres', () => {
  tf.tidy(() => {
    const x = tf.randomNormal([2, 5, 7, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    for (const [h, w] of [[10, 14], [9, 13], [5, 7], [160, 224]] as const) {
      assert.ok(maxDifference(resizeBilinearTorch(x, h, w), tf.image.resizeBilinear(x, [h, w], false, true)) < 1e-5, `${h}x${w}`);
    }
    assert.deepEqual(upsampleLike(x, tf.zeros([1, 20, 28, 1]) as tf.Tensor4D).shape, [2, 20, 28, 3]);
  });
});

test('torch semantics at the edges: the source coordinate clamps at 0 and the last pixel repeats', () => {
  // 2 → 4: outputs read sources −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped neighbour)
  const m = interpolationMatrix(2, 4);
  assert.deepEqual(Array.from(m), [1, 0, 0.75, 0.25, 0.25, 0.75, 0, 1]);
});

test('the gradient is the exact adjoint (tfjs resizeBilinear gets it wrong with half-pixel centres)', () => {
  tf.tidy(() => {
    const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const weights = tf.randomNormal([1, 10, 10, 2], 0, 1, 'float32', 2);
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(upsample2(input as tf.Tensor4D), weights)))(x);
    // finite check of linearity: d/dx_i of Σ w·U(x) is Σ w·U(e_i)
    const g = gradient.dataSync();
    for (let i = 0; i < x.size; i += 7) {
      const basis = tf.oneHot([i], x.size).reshape(x.shape) as tf.Tensor4D;
      const expected = tf.sum(tf.mul(upsample2(tf.cast(basis, 'float32') as tf.Tensor4D), weights)).dataSync()[0]!;
      assert.ok(Math.abs(g[i]! - expected) < 1e-4, `element ${i}: ${g[i]} vs ${expected}`);
    }
  });
});
