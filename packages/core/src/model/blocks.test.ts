import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf.js';
import { selectBackend } from '../backend/select-backend.js';
import { globalSection } from '../builtin/global-plugin.js';
import { createBlocks } from './blocks.js';
import { reflectionPadding } from './reflection-padding.js';
import { modelGlobalOptions } from './build-model.js';

await selectBackend({ requested: 'wasm', log: () => undefined });

test('residual block: conv k3 → LeakyReLU 0.2 → conv k3 (VarianceScaling 0.2) → add input → LeakyReLU 0.2', () => {
  const blocks = createBlocks(1);
  const input = tf.input({ shape: [8, 8, 16] });
  const model = tf.model({ inputs: input, outputs: blocks.residual(input, 16) });
  assert.deepEqual(model.layers.slice(1).map((l) => `${l.name}:${l.getClassName()}`), [
    'residual_16_0_conv2d_0:Conv2D', 'residual_16_0_leakyrelu_1:LeakyReLU', 'residual_16_0_conv2d_1:Conv2D',
    'residual_16_0_add_2:Add', 'residual_16_0_leakyrelu_3:LeakyReLU',
  ]);
  assert.equal(model.countParams(), 2 * (3 * 3 * 16 * 16 + 16));
  const second = model.getLayer('residual_16_0_conv2d_1') as unknown as { kernelInitializer: { getConfig(): Record<string, unknown> } };
  assert.deepEqual({ ...second.kernelInitializer.getConfig(), seed: undefined }, { scale: 0.2, mode: 'fanIn', distribution: 'uniform', seed: undefined });
  assert.equal((model.getLayer('residual_16_0_leakyrelu_1') as unknown as { alpha: number }).alpha, 0.2);
  // the block computes leaky(conv1(leaky(conv0(x))) + x)
  tf.tidy(() => {
    const x = tf.randomNormal([1, 8, 8, 16], 0, 1, 'float32', 3);
    const [k0, b0] = model.getLayer('residual_16_0_conv2d_0').getWeights();
    const [k1, b1] = model.getLayer('residual_16_0_conv2d_1').getWeights();
    const leaky = (t: tf.Tensor) => tf.leakyRelu(t, 0.2);
    const y = tf.conv2d(leaky(tf.conv2d(x as tf.Tensor4D, k0 as tf.Tensor4D, 1, 'same').add(b0!)) as tf.Tensor4D, k1 as tf.Tensor4D, 1, 'same').add(b1!);
    const expected = leaky(y.add(x));
    const actual = model.predict(x) as tf.Tensor;
    assert.ok(tf.max(tf.abs(actual.sub(expected))).dataSync()[0]! < 1e-5);
  });
  model.dispose();
});

test('separable conv block: depthwise k5 s2 + pointwise + bias, then ReLU', () => {
  const blocks = createBlocks(1);
  const input = tf.input({ shape: [16, 16, 32] });
  const out = blocks.separableConv(input, 64, { kernelInitializer: 'random_normal' });
  const model = tf.model({ inputs: input, outputs: out });
  assert.deepEqual(out.shape, [null, 8, 8, 64]);
  assert.equal(model.countParams(), 5 * 5 * 32 + 32 * 64 + 64);
  assert.equal(model.layers.at(-1)!.name, 'separableconv2d_64_0_relu');
  const values = (model.predict(tf.randomUniform([1, 16, 16, 32])) as tf.Tensor).dataSync();
  assert.ok(values.every((v) => v >= 0));
  model.dispose();
});

test("reflection padding pads like 'same' would, mirrored; reflect_padding convs keep 'same' output sizes", () => {
  assert.deepEqual(reflectionPadding(64, 5, 2), [1, 2]);
  assert.deepEqual(reflectionPadding(8, 3, 1), [1, 1]);
  assert.deepEqual(reflectionPadding(7, 5, 2), [2, 2]);
  const plain = createBlocks(1);
  const reflect = createBlocks(1, { reflectPadding: true });
  const shapes = (blocks: typeof plain) => {
    const input = tf.input({ shape: [16, 16, 8] });
    const a = blocks.conv(input, 8);
    const b = blocks.upscale(a, 8);
    const c = blocks.residual(b, 8);
    const model = tf.model({ inputs: input, outputs: [a, b, c] });
    const result = { shapes: [a.shape, b.shape, c.shape], params: model.countParams(), classes: model.layers.map((l) => l.getClassName()) };
    model.dispose();
    return result;
  };
  const p = shapes(plain);
  const r = shapes(reflect);
  assert.deepEqual(r.shapes, p.shapes);
  assert.equal(r.params, p.params);
  assert.equal(r.classes.filter((c) => c === 'ReflectionPadding2D').length, 4);
  assert.equal(p.classes.filter((c) => c === 'ReflectionPadding2D').length, 0);
  // a reflection-padded 'valid' conv is the 'same' conv of the mirrored image
  const input = tf.input({ shape: [6, 6, 1] });
  const model = tf.model({ inputs: input, outputs: createBlocks(2, { reflectPadding: true }).conv(input, 1, { kernelSize: 3, strides: 1, activation: null }) });
  tf.tidy(() => {
    const x = tf.randomUniform([1, 6, 6, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const [kernel, bias] = model.layers.find((l) => l.getClassName() === 'Conv2D')!.getWeights();
    const expected = tf.conv2d(tf.mirrorPad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], 'reflect'), kernel as tf.Tensor4D, 1, 'valid').add(bias!);
    assert.ok(tf.max(tf.abs((model.predict(x) as tf.Tensor).sub(expected))).dataSync()[0]! < 1e-5);
  });
  model.dispose();
});

test('icnr_init: every upscale conv starts with each 2×2 output cell equal (sub-pixel kernels tiled)', () => {
  const build = (icnrInit: boolean) => {
    const input = tf.input({ shape: [4, 4, 8] });
    return tf.model({ inputs: input, outputs: createBlocks(1, { icnrInit }).upscale(input, 6, { activation: null }) });
  };
  const icnr = build(true);
  const plain = build(false);
  tf.tidy(() => {
    const x = tf.randomNormal([1, 4, 4, 8], 0, 1, 'float32', 9);
    const cells = (model: tf.LayersModel) => {
      const y = model.predict(x) as tf.Tensor4D; // 1×8×8×6
      const grid = y.reshape([4, 2, 4, 2, 6]).transpose([0, 2, 1, 3, 4]).reshape([16, 4, 6]);
      return tf.max(tf.abs(grid.sub(grid.slice([0, 0, 0], [16, 1, 6])))).dataSync()[0]!;
    };
    assert.ok(cells(icnr) < 1e-6, 'ICNR: the four sub-pixels of each cell agree');
    assert.ok(cells(plain) > 1e-2, 'without ICNR they do not');
    const kernel = icnr.layers[1]!.getWeights()[0]!;
    assert.deepEqual(kernel.shape, [3, 3, 8, 24]);
    // the base kernel (6 channels) keeps he_uniform's range: limit sqrt(6 / fan_in), fan_in 3·3·8
    const limit = Math.sqrt(6 / 72);
    assert.ok(tf.max(tf.abs(kernel)).dataSync()[0]! <= limit);
  });
  // the plain conv (not an upscale) is unaffected
  const input = tf.input({ shape: [4, 4, 8] });
  const conv = (icnrInit: boolean) => tf.model({ inputs: input, outputs: createBlocks(1, { icnrInit }).conv(input, 8) }).getWeights()[0]!.dataSync();
  assert.deepEqual(Array.from(conv(true)), Array.from(conv(false)));
  icnr.dispose();
  plain.dispose();
});

test('defaults off: the blocks build the same weights as before the options existed', () => {
  const weights = (blocks: ReturnType<typeof createBlocks>) => {
    const input = tf.input({ shape: [8, 8, 3] });
    const model = tf.model({ inputs: input, outputs: blocks.upscale(blocks.conv(input, 8), 4) });
    const values = model.getWeights().map((w) => Array.from(w.dataSync()));
    model.dispose();
    return values;
  };
  assert.deepEqual(weights(createBlocks(4, { icnrInit: false, reflectPadding: false, convAwareInit: false })), weights(createBlocks(4)));
});

test('[global] icnr_init, reflect_padding and conv_aware_init: booleans, off by default, fixed at creation; modelGlobalOptions reads them', () => {
  const props = globalSection.schema.properties as unknown as Record<string, Record<string, unknown>>;
  for (const key of ['icnr_init', 'reflect_padding', 'conv_aware_init']) {
    assert.equal(props[key]!.default, false, key);
    assert.equal(props[key]!['x-fixed'], true, key);
  }
  assert.deepEqual(modelGlobalOptions({}), { icnrInit: false, reflectPadding: false, convAwareInit: false });
  assert.deepEqual(modelGlobalOptions({ global: { icnr_init: true, reflect_padding: true, conv_aware_init: true } }), { icnrInit: true, reflectPadding: true, convAwareInit: true });
});
