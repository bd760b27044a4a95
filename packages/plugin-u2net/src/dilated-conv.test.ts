import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { conv3x3 } from './dilated-conv.js';

await selectBackend({ requested: 'wasm', log: () => undefined });

test('dilated 3×3 conv by space-to-batch equals tfjs dilated conv2d, at sizes that do and do not divide', () => {
  tf.tidy(() => {
    const kernel = tf.randomNormal([3, 3, 4, 5], 0, 1, 'float32', 5) as tf.Tensor4D;
    const bias = tf.randomNormal([5], 0, 1, 'float32', 6) as tf.Tensor1D;
    for (const [h, w] of [[16, 16], [10, 10], [7, 9]] as const) {
      const x = tf.randomNormal([2, h, w, 4], 0, 1, 'float32', h) as tf.Tensor4D;
      for (const d of [1, 2, 4, 8]) {
        const expected = tf.add(tf.conv2d(x, kernel, 1, 'same', 'NHWC', d), bias);
        const difference = tf.max(tf.abs(tf.sub(conv3x3(x, kernel, bias, d), expected))).dataSync()[0]!;
        assert.ok(difference < 1e-4, `${h}x${w} dilation ${d}: ${difference}`);
      }
    }
  });
});

test('it has gradients (tfjs refuses gradients of dilated conv2d)', () => {
  tf.tidy(() => {
    const x = tf.randomNormal([1, 10, 10, 2]) as tf.Tensor4D;
    const kernel = tf.randomNormal([3, 3, 2, 3]) as tf.Tensor4D;
    const bias = tf.zeros([3]) as tf.Tensor1D;
    assert.throws(() => tf.grad((k: tf.Tensor) => tf.sum(tf.conv2d(x, k as tf.Tensor4D, 1, 'same', 'NHWC', 2)))(kernel), /dilation/);
    const [gx, gk] = tf.grads((a: tf.Tensor, k: tf.Tensor) => tf.sum(tf.square(conv3x3(a as tf.Tensor4D, k as tf.Tensor4D, bias, 4))))([x, kernel]);
    assert.deepEqual(gx!.shape, x.shape);
    assert.deepEqual(gk!.shape, kernel.shape);
    assert.ok(Number.isFinite(tf.sum(tf.abs(gk!)).dataSync()[0]!));
  });
});

test('a conv of several inputs equals the conv of their channel concatenation (the reference torch.cat)', () => {
  tf.tidy(() => {
    const a = tf.randomNormal([2, 10, 10, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const b = tf.randomNormal([2, 10, 10, 5], 0, 1, 'float32', 8) as tf.Tensor4D;
    const kernel = tf.randomNormal([3, 3, 8, 4], 0, 1, 'float32', 9) as tf.Tensor4D;
    const bias = tf.randomNormal([4], 0, 1, 'float32', 10) as tf.Tensor1D;
    for (const d of [1, 4]) {
      const difference = tf.max(tf.abs(tf.sub(conv3x3([a, b], kernel, bias, d), conv3x3(tf.concat([a, b], 3), kernel, bias, d)))).dataSync()[0]!;
      assert.ok(difference < 1e-4, `dilation ${d}: ${difference}`);
    }
    assert.throws(() => conv3x3([a], kernel, bias), /3 input channels for a kernel of 8/);
  });
});
