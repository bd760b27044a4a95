import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf.js';
import { selectBackend } from '../backend/select-backend.js';
import { createBlocks } from './blocks.js';
import { convolutionAwareKernel, inverseRealFft2, symmetricEigenvectors } from './convolution-aware.js';

await selectBackend({ requested: 'wasm', log: () => undefined });

test('inverseRealFft2 is numpy.fft.irfft2 with s = [rows, cols] (odd and even sizes; values from numpy 1.x)', () => {
  const cases: Array<[number[], number, number, number[][]]> = [
    [[0.3, -1.2, 0.7, 0.25, -0.4, 1.1], 3, 3, [[0.1, 0.05, 0.05], [-0.4, 0.3666666667, 0.0833333333], [-0.4, 0.0833333333, 0.3666666667]]],
    [[0.3, -1.2, 0.5, 0.7, 0.25, -0.9, -0.4, 1.1, 0.2, 0.05, 0.6, -0.3], 4, 4,
      [[0.103125, 0.071875, -0.084375, 0.071875], [-0.225, 0.06875, 0.35, -0.01875], [-0.053125, -0.171875, 0.184375, -0.171875], [-0.225, -0.01875, 0.35, 0.06875]]],
    [Array.from({ length: 15 }, (_, i) => i * 0.1 - 0.6), 5, 5,
      [[0.12, -0.0523606798, -0.0076393202, -0.0076393202, -0.0523606798], [-0.15, 0.1270820393, -0.03, 0.03, -0.1270820393],
        [-0.15, 0.03, -0.0070820393, 0.0070820393, -0.03], [-0.15, -0.03, 0.0070820393, -0.0070820393, 0.03], [-0.15, -0.1270820393, 0.03, -0.03, 0.1270820393]]],
  ];
  for (const [coefficients, rows, cols, expected] of cases) {
    const out = new Float64Array(rows * cols);
    inverseRealFft2(Float64Array.from(coefficients), rows, cols, out);
    expected.flat().forEach((value, i) => assert.ok(Math.abs(out[i]! - value) < 1e-9, `${rows}×${cols} [${i}]: ${out[i]} vs ${value}`));
  }
});

test('symmetricEigenvectors: orthonormal rows v with A v = λ v, by |λ| descending', () => {
  const n = 6;
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = r; c < n; c++) a[r * n + c] = a[c * n + r] = Math.sin(r * 7 + c * 3 + 1);
  const v = symmetricEigenvectors(a, n);
  let previous = Infinity;
  for (let i = 0; i < n; i++) {
    const row = v.subarray(i * n, (i + 1) * n);
    const av = Array.from({ length: n }, (_, r) => row.reduce((s, x, c) => s + a[r * n + c]! * x, 0));
    const lambda = av.reduce((s, x, k) => s + x * row[k]!, 0);
    av.forEach((x, k) => assert.ok(Math.abs(x - lambda * row[k]!) < 1e-9, 'eigenvector'));
    assert.ok(Math.abs(lambda) <= previous + 1e-12, 'ordered by |λ|');
    previous = Math.abs(lambda);
    for (let j = 0; j < n; j++) {
      const dot = row.reduce((s, x, k) => s + x * v[j * n + k]!, 0);
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-9, 'orthonormal');
    }
  }
});

test('convolution-aware kernels: variance 2 / fan_in, seeded, in [rows, cols, inputs, filters] order; 1×1 kernels too', () => {
  for (const shape of [[3, 3, 16, 8], [5, 5, 7, 4], [1, 1, 32, 16], [5, 5, 12, 1]]) {
    const kernel = convolutionAwareKernel(shape, 3);
    assert.equal(kernel.length, shape.reduce((a, b) => a * b, 1));
    const mean = kernel.reduce((s, x) => s + x, 0) / kernel.length;
    const variance = kernel.reduce((s, x) => s + (x - mean) ** 2, 0) / kernel.length;
    const want = 2 / (shape[0]! * shape[1]! * shape[2]!);
    assert.ok(Math.abs(variance - want) / want < 1e-4, `${shape}: variance ${variance}, want ${want}`);
    assert.deepEqual(Array.from(convolutionAwareKernel(shape, 3).slice(0, 8)), Array.from(kernel.slice(0, 8)));
    assert.notDeepEqual(Array.from(convolutionAwareKernel(shape, 4).slice(0, 8)), Array.from(kernel.slice(0, 8)));
  }
  // with no noise, each filter's kernels for one bank of `size` inputs are orthogonal (irfft2 of orthonormal real spectra of a 3×3, size 6:
  // the inverse transform keeps inner products up to a per-coefficient weight, so check a weaker, exact property: they are not all alike)
  const clean = convolutionAwareKernel([3, 3, 6, 1], 5, 0);
  const kernels = Array.from({ length: 6 }, (_, i) => Array.from({ length: 9 }, (_, p) => clean[p * 6 + i]!));
  assert.equal(new Set(kernels.map((k) => k.map((x) => x.toFixed(6)).join())).size, 6);
});

test('conv_aware_init: every convolution of the blocks gets a convolution-aware kernel, dense layers keep theirs', () => {
  const build = (convAwareInit: boolean) => {
    const blocks = createBlocks(1, { convAwareInit });
    const input = tf.input({ shape: [8, 8, 4] });
    let x = blocks.conv(input, 8, { kernelInitializer: 'random_normal' });
    x = blocks.residual(x, 8);
    x = blocks.separableConv(x, 16);
    x = blocks.upscale(x, 4);
    const out = blocks.output(x, 3, { name: 'face_out' });
    const dense = blocks.dense(blocks.flatten(x), 5);
    return tf.model({ inputs: input, outputs: [out, dense] });
  };
  const aware = build(true);
  const plain = build(false);
  const classes = (model: tf.LayersModel) => model.layers.flatMap((layer) => {
    const l = layer as unknown as Record<string, { getClassName(): string } | undefined>;
    // a SeparableConv2D uses only its depthwise and pointwise initializers
    const keys = layer.getClassName() === 'SeparableConv2D' ? ['depthwiseInitializer', 'pointwiseInitializer'] : ['kernelInitializer'];
    return keys.filter((k) => l[k]).map((k) => `${layer.name}.${k}:${l[k]!.getClassName()}`);
  });
  const awareClasses = classes(aware);
  // tfjs' GlorotUniform reports its base class, VarianceScaling
  assert.deepEqual(awareClasses.filter((c) => !c.endsWith(':ConvolutionAware')), ['dense_5_0.kernelInitializer:VarianceScaling']);
  assert.equal(awareClasses.length, 8);
  assert.ok(classes(plain).every((c) => !c.endsWith(':ConvolutionAware')));
  // the weights differ from the plain build's; the dense layer's do not
  assert.notDeepEqual(Array.from(aware.getLayer('conv_8_0_conv2d').getWeights()[0]!.dataSync()), Array.from(plain.getLayer('conv_8_0_conv2d').getWeights()[0]!.dataSync()));
  assert.deepEqual(Array.from(aware.getLayer('dense_5_0').getWeights()[0]!.dataSync()), Array.from(plain.getLayer('dense_5_0').getWeights()[0]!.dataSync()));
  aware.dispose();
  plain.dispose();
});

test('conv_aware_init with icnr_init: ICNR tiles a convolution-aware base kernel', () => {
  const input = tf.input({ shape: [4, 4, 8] });
  const model = tf.model({ inputs: input, outputs: createBlocks(1, { convAwareInit: true, icnrInit: true }).upscale(input, 6) });
  const kernel = model.layers[1]!.getWeights()[0]!;
  tf.tidy(() => {
    const parts = tf.split(kernel, 4, 3);
    for (const part of parts.slice(1)) assert.equal(tf.max(tf.abs(part.sub(parts[0]!))).dataSync()[0], 0);
    const variance = tf.moments(parts[0]!).variance.dataSync()[0]!;
    assert.ok(Math.abs(variance - 2 / 72) / (2 / 72) < 1e-3, `base kernel variance ${variance}`);
  });
  model.dispose();
});
