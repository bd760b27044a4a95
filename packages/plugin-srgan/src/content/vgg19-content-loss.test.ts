import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, type LayerWeight } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { loadTestingFaces, writeKerasH5Weights, type KerasLayerToWrite } from '@faceforge/core/testing';
import { createContentLoss } from './create-content-loss.js';
import { IMAGENET_MEAN_BGR, VGG19_CONV_LAYERS, Vgg19Features } from './vgg19.js';
import { readKerasWeights } from '@faceforge/core';

await selectBackend({ log: () => undefined });

const dir = await mkdtemp(join(tmpdir(), 'ff-vgg19-'));
after(() => rm(dir, { recursive: true, force: true }));

/** Seeded normal(0, sqrt(2 / fan_in)) values (He init keeps activations alive through 16 ReLU layers). */
function heNormal(count: number, fanIn: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const out = new Float32Array(count);
  const std = Math.sqrt(2 / fanIn);
  for (let i = 0; i < count; i++) out[i] = std * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

/** A random VGG19 in keras.applications' layer order (input, convs, pools), plus a dense layer the loss must ignore. */
const layers: KerasLayerToWrite[] = [{ name: 'input_1', weights: [] }];
VGG19_CONV_LAYERS.forEach(([name, inChannels, outChannels], i) => {
  if (name.endsWith('_conv1') && name !== 'block1_conv1') layers.push({ name: `block${Number(name[5]) - 1}_pool`, weights: [] });
  const kernel: LayerWeight = { name: `${name}/kernel:0`, shape: [3, 3, inChannels, outChannels], values: heNormal(9 * inChannels * outChannels, 9 * inChannels, 1000 + i) };
  const bias: LayerWeight = { name: `${name}/bias:0`, shape: [outChannels], values: heNormal(outChannels, 100, 2000 + i) };
  layers.push({ name, weights: [kernel, bias] });
});
layers.push({ name: 'block5_pool', weights: [] }, { name: 'fc1', weights: [{ name: 'fc1/kernel:0', shape: [4, 2], values: new Float32Array(8) }] });
const h5File = join(dir, 'vgg19-random.h5');
await writeKerasH5Weights(h5File, layers);

/** The same net as tfjs-layers builds it from Keras layers: the oracle for the forward pass and the name→layer mapping. */
function kerasStyleVgg19(): tf.Sequential {
  const model = tf.sequential();
  for (const layer of layers) {
    const match = /^block(\d)_conv\d$/.exec(layer.name);
    if (match) {
      const first = model.layers.length === 0;
      model.add(tf.layers.conv2d({ name: layer.name, filters: layer.weights[1]!.shape[0]!, kernelSize: 3, padding: 'same', activation: 'relu', ...(first ? { inputShape: [null, null, 3] } : {}) }));
      model.getLayer(layer.name).setWeights(layer.weights.map((w) => tf.tensor(w.values, w.shape)));
    } else if (layer.name.endsWith('_pool') && layer.name !== 'block5_pool') {
      model.add(tf.layers.maxPooling2d({ name: layer.name, poolSize: 2, strides: 2 }));
    }
  }
  return model;
}

const faces = await loadTestingFaces('a', { count: 2 });
const hr = tf.concat(faces.map((f) => tf.tensor4d(f.image.data, [1, f.image.height, f.image.width, 3])));
const blurred = tf.tidy(() => tf.image.resizeBilinear(tf.image.resizeBilinear(hr, [16, 16]), [64, 64]));

test("preprocess is Keras's 'caffe' preprocess_input: RGB [0,1] → BGR 0..255 minus the ImageNet means", async () => {
  const vgg = Vgg19Features.fromKerasWeights(tf, await readKerasWeights(h5File));
  const pixel = tf.tensor4d([0.1, 0.5, 0.9], [1, 1, 1, 3]);
  const out = vgg.preprocess(pixel).dataSync();
  const expected = [0.9 * 255 - IMAGENET_MEAN_BGR[0], 0.5 * 255 - IMAGENET_MEAN_BGR[1], 0.1 * 255 - IMAGENET_MEAN_BGR[2]];
  expected.forEach((v, i) => assert.ok(Math.abs(out[i]! - v) < 1e-3, `channel ${i}: ${out[i]} vs ${v}`));
  vgg.dispose();
});

test('VGG19 from a Keras-layout .h5: block5_conv4 features match tfjs-layers VGG19 with the same weights, loss = MSE(features / 12.75)', async () => {
  const content = await createContentLoss(tf, { vgg19Weights: h5File });
  assert.equal(content.name, 'vgg19');
  assert.match(content.description, /block5_conv4.*12\.75/);
  const oracle = kerasStyleVgg19();
  const vgg = Vgg19Features.fromKerasWeights(tf, await readKerasWeights(h5File));
  const ours = tf.tidy(() => vgg.features(vgg.preprocess(hr)));
  const theirs = tf.tidy(() => oracle.predict(vgg.preprocess(hr)) as tf.Tensor4D);
  assert.deepEqual(ours.shape, [2, 4, 4, 512]);
  const scale = tf.max(tf.abs(theirs)).dataSync()[0]!;
  assert.ok(scale > 1e-3, 'features are not all zero');
  assert.ok(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]! < scale * 1e-4);

  const srFeatures = tf.tidy(() => oracle.predict(vgg.preprocess(blurred)) as tf.Tensor4D);
  const expected = tf.tidy(() => tf.mean(tf.square(tf.div(tf.sub(srFeatures, theirs), 12.75))).dataSync()[0]!);
  const actual = tf.tidy(() => content.loss(blurred, hr).dataSync()[0]!);
  assert.ok(expected > 0 && Math.abs(actual - expected) < expected * 1e-4, `loss ${actual} vs ${expected}`);
  assert.equal(tf.tidy(() => content.loss(hr, hr).dataSync()[0]), 0);

  const gradient = tf.grad((sr) => content.loss(sr as tf.Tensor4D, hr))(blurred);
  const values = gradient.dataSync();
  assert.ok(values.every(Number.isFinite) && values.some((v) => v !== 0), 'finite, non-zero gradient w.r.t. SR');
  content.dispose();
  vgg.dispose();
  oracle.dispose();
});

test('VGG19 from a tfjs-layers model.json gives the same loss as from the .h5', async () => {
  const oracle = kerasStyleVgg19();
  await oracle.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      await writeFile(join(dir, 'group1-shard1of1.bin'), Buffer.from(weightData));
      const manifest = [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }];
      await writeFile(join(dir, 'model.json'), JSON.stringify({ modelTopology: artifacts.modelTopology, format: 'layers-model', weightsManifest: manifest }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  oracle.dispose();
  const fromJson = await createContentLoss(tf, { vgg19Weights: join(dir, 'model.json') });
  const fromH5 = await createContentLoss(tf, { vgg19Weights: h5File });
  const a = tf.tidy(() => fromJson.loss(blurred, hr).dataSync()[0]!);
  const b = tf.tidy(() => fromH5.loss(blurred, hr).dataSync()[0]!);
  assert.ok(a > 0 && Math.abs(a - b) < b * 1e-6, `${a} vs ${b}`);
  assert.match(fromJson.description, /tfjs-layers/);
  fromJson.dispose();
  fromH5.dispose();
});

test('a weights file without VGG19 layers is refused naming the file and the missing layer', async () => {
  const file = join(dir, 'not-vgg.h5');
  await writeKerasH5Weights(file, [{ name: 'dense', weights: [{ name: 'dense/kernel:0', shape: [2, 2], values: new Float32Array(4) }] }]);
  await assert.rejects(createContentLoss(tf, { vgg19Weights: file }), (error: Error) => error.message.includes(file) && error.message.includes("'block1_conv1'") && error.message.includes('dense'));
});
