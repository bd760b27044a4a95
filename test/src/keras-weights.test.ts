import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layerWeights, readKerasWeights, tf, type KerasWeights } from '@faceforge/core';
import { TEST_ROOT } from './support.js';

// Written by Debian's python3-h5py in Keras's own layout: test/fixtures/keras/make-keras-h5.py (its docstring gives the values).
const FIXTURES = join(TEST_ROOT, 'fixtures', 'keras');
const dir = await mkdtemp(join(tmpdir(), 'ff-keras-weights-'));
after(() => rm(dir, { recursive: true, force: true }));

/** The generator's formula: layer number + 0.001·i for kernels, − 0.01·i for biases. */
const expectedValue = (number: number, weightIndex: number, i: number) => number + (weightIndex === 0 ? 0.001 : -0.01) * i;

function checkTinyVgg(weights: KerasWeights): void {
  assert.deepEqual([...weights.layers.keys()], ['block1_conv1', 'block1_conv2', 'block2_conv1', 'fc'], 'layers with weights, in layer_names (model) order');
  const expected: Array<[string, string[], number[][]]> = [
    ['block1_conv1', ['block1_conv1/kernel:0', 'block1_conv1/bias:0'], [[3, 3, 3, 4], [4]]],
    ['block1_conv2', ['block1_conv2/kernel:0', 'block1_conv2/bias:0'], [[3, 3, 4, 4], [4]]],
    ['block2_conv1', ['block2_conv1_W_1:0', 'block2_conv1_b_1:0'], [[3, 3, 4, 8], [8]]],
    ['fc', ['fc/kernel:0', 'fc/bias:0'], [[8, 2], [2]]],
  ];
  expected.forEach(([layer, names, shapes], layerIndex) => {
    const found = layerWeights(weights, layer, shapes);
    assert.deepEqual(found.map((w) => w.name), names);
    found.forEach((weight, weightIndex) => {
      assert.equal(weight.values.length, shapes[weightIndex]!.reduce((a, b) => a * b, 1));
      for (const i of [0, 1, weight.values.length - 1]) {
        assert.ok(Math.abs(weight.values[i]! - expectedValue(layerIndex + 1, weightIndex, i)) < 1e-6, `${layer} ${weight.name}[${i}] = ${weight.values[i]}`);
      }
    });
  });
}

test("reads h5py's Keras save_weights layout: layer_names, weight_names, datasets by layer, float64 converted", async () => {
  const weights = await readKerasWeights(join(FIXTURES, 'tiny-vgg-weights.h5'));
  assert.equal(weights.format, 'keras-h5');
  checkTinyVgg(weights);
});

test("reads a full-model .h5 (model.save): the same layout under 'model_weights'", async () => {
  checkTinyVgg(await readKerasWeights(join(FIXTURES, 'tiny-vgg-model.h5')));
});

test('a kernel loaded from the fixture is in the HWIO layout tf.conv2d takes', async () => {
  const [kernel] = layerWeights(await readKerasWeights(join(FIXTURES, 'tiny-vgg-weights.h5')), 'block1_conv1', [[3, 3, 3, 4], [4]]);
  // A one-pixel image of ones: each output channel is the sum over input channels of the kernel's centre tap.
  const out = tf.tidy(() => tf.conv2d(tf.ones([1, 1, 1, 3]) as tf.Tensor4D, tf.tensor4d(kernel!.values, [3, 3, 3, 4]), 1, 'same').dataSync());
  for (let o = 0; o < 4; o++) {
    let sum = 0;
    for (let c = 0; c < 3; c++) sum += expectedValue(1, 0, ((1 * 3 + 1) * 3 + c) * 4 + o);
    assert.ok(Math.abs(out[o]! - sum) < 1e-5, `channel ${o}: ${out[o]} vs ${sum}`);
  }
});

test('reads a tfjs-layers model.json: weights grouped by layer in manifest order', async () => {
  const kernel = Float32Array.from({ length: 6 }, (_, i) => i / 10);
  const bias = Float32Array.from([5, 6]);
  const quantized = Uint8Array.from([0, 255]); // uint8-quantized [2]: min 1, scale 0.5 → 1, 128.5
  const shard = Buffer.concat([Buffer.from(kernel.buffer), Buffer.from(bias.buffer), Buffer.from(quantized)]);
  await writeFile(join(dir, 'group1-shard1of1.bin'), shard);
  const manifest = [
    {
      paths: ['group1-shard1of1.bin'],
      weights: [
        { name: 'dense_1/kernel', shape: [3, 2], dtype: 'float32' },
        { name: 'dense_1/bias', shape: [2], dtype: 'float32' },
        { name: 'dense_2/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', min: 1, scale: 0.5 } },
      ],
    },
  ];
  await writeFile(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: manifest }));
  const weights = await readKerasWeights(join(dir, 'model.json'));
  assert.equal(weights.format, 'tfjs-layers');
  const [k, b] = layerWeights(weights, 'dense_1', [[3, 2], [2]]);
  assert.deepEqual(Array.from(k!.values), Array.from(kernel));
  assert.deepEqual(Array.from(b!.values), [5, 6]);
  assert.deepEqual(Array.from(layerWeights(weights, 'dense_2', [[2]])[0]!.values), [1, 128.5]);

  // Only the layers asked for are decoded; the others are still named.
  const some = await readKerasWeights(join(dir, 'model.json'), { layers: ['dense_2'] });
  assert.deepEqual([...some.layers.keys()], ['dense_2']);
  assert.deepEqual(some.layerNames, ['dense_1', 'dense_2']);
  assert.deepEqual(Array.from(some.layers.get('dense_2')![0]!.values), [1, 128.5]);
});

test('an .h5 read for some layers holds only their arrays and names the rest', async () => {
  const fixture = join(FIXTURES, 'tiny-vgg-weights.h5');
  const some = await readKerasWeights(fixture, { layers: ['block1_conv2', 'fc'] });
  assert.deepEqual([...some.layers.keys()], ['block1_conv2', 'fc']);
  assert.deepEqual(some.layerNames, ['block1_conv1', 'block1_conv2', 'block2_conv1', 'fc']);
  assert.ok(Math.abs(layerWeights(some, 'fc', [[8, 2], [2]])[1]!.values[1]! - expectedValue(4, 1, 1)) < 1e-6);
  assert.throws(() => layerWeights(some, 'block1_conv1', [[3, 3, 3, 4], [4]]), /'block1_conv1' was not read/);
});

test('bad weights files are refused with the file and what is wrong', async () => {
  const fixture = join(FIXTURES, 'tiny-vgg-weights.h5');
  const weights = await readKerasWeights(fixture);
  assert.throws(() => layerWeights(weights, 'block1_conv1', [[3, 3, 3, 64], [64]]), (e: Error) => e.message.includes(fixture) && e.message.includes('[3,3,3,4]') && e.message.includes('[3,3,3,64]'));
  assert.throws(() => layerWeights(weights, 'block5_conv4', [[3, 3, 512, 512], [512]]), (e: Error) => e.message.includes("'block5_conv4'") && e.message.includes('block1_conv1, block1_conv2'));
  const text = join(dir, 'weights.txt');
  await writeFile(text, 'not weights');
  await assert.rejects(readKerasWeights(text), (e: Error) => e.message.includes(text) && e.message.includes('neither an HDF5 file'));
  const noManifest = join(dir, 'empty.json');
  await writeFile(noManifest, '{"modelTopology": {}}');
  await assert.rejects(readKerasWeights(noManifest), (e: Error) => e.message.includes(noManifest) && e.message.includes('weightsManifest'));
  await assert.rejects(readKerasWeights(join(dir, 'missing.h5')), (e: Error) => e.message.includes('missing.h5'));
});
