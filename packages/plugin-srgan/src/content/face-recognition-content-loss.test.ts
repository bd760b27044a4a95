import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { faceApiModelDir } from '@faceforge/core/extract';
import { loadTestingFaces } from '@faceforge/core/testing';
import { createContentLoss } from './create-content-loss.js';
import { FaceRecognitionNet } from './face-recognition-net.js';

await selectBackend({ log: () => undefined });

const toTensor = (image: { width: number; height: number; data: Float32Array }) => tf.tensor4d(image.data, [1, image.height, image.width, 3]);
const [faceA1, faceA2] = await loadTestingFaces('a', { count: 2 });
const hr = tf.concat([toTensor(faceA1!.image), toTensor(faceA2!.image)]);
const size = hr.shape[1];
/** Loses detail as an x`factor` downscale then bilinear upscale does. */
const blurred = (factor: number) => tf.tidy(() => tf.image.resizeBilinear(tf.image.resizeBilinear(hr, [Math.round(size / factor), Math.round(size / factor)]), [size, size]));

test('the rebuilt recognition net gives the descriptor face-api itself computes for a real face', async () => {
  const faceApi = createRequire(import.meta.url)('@vladmandic/face-api/dist/face-api.node-wasm.js') as {
    nets: { faceRecognitionNet: { isLoaded: boolean; loadFromDisk(dir: string): Promise<void>; computeFaceDescriptor(input: tf.Tensor3D): Promise<Float32Array> } };
  };
  const reference = faceApi.nets.faceRecognitionNet;
  if (!reference.isLoaded) await reference.loadFromDisk(faceApiModelDir());
  const pixels = tf.tidy(() => tf.mul(toTensor(faceA1!.image), 255).squeeze([0]) as tf.Tensor3D);
  const expected = await reference.computeFaceDescriptor(pixels);
  const net = await FaceRecognitionNet.load(tf);
  const actual = tf.tidy(() => net.descriptors(net.prepare(toTensor(faceA1!.image)))).dataSync();
  net.dispose();
  assert.equal(actual.length, 128);
  const maxDifference = Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i]!)));
  assert.ok(maxDifference < 1e-4, `max |ours - face-api| = ${maxDifference}`);
  assert.ok(Math.hypot(...expected) > 0.5, 'a real descriptor, not zeros');
});

test('face-recognition content loss: 0 for identical faces, grows with blur, finite non-zero gradient w.r.t. SR', async () => {
  const content = await createContentLoss(tf, {});
  assert.equal(content.name, 'face-recognition');
  const lossOf = (sr: tf.Tensor4D) => tf.tidy(() => content.loss(sr, hr).dataSync()[0]!);
  assert.equal(lossOf(hr), 0);
  const losses = [1.5, 2, 4, 8].map((factor) => lossOf(blurred(factor)));
  for (let i = 1; i < losses.length; i++) assert.ok(losses[i]! > losses[i - 1]!, `loss should grow with blur: ${losses.join(', ')}`);
  assert.ok(losses[0]! > 1e-3, `a x1.5 blur already costs something: ${losses[0]}`);

  const gradient = tf.grad((sr) => content.loss(sr as tf.Tensor4D, hr))(blurred(4)) as tf.Tensor4D;
  const values = gradient.dataSync();
  assert.deepEqual(gradient.shape, hr.shape);
  assert.ok(values.every(Number.isFinite), 'gradient is finite');
  const nonZero = values.filter((v) => v !== 0).length;
  assert.ok(nonZero > values.length * 0.9, `gradient reaches most pixels (${nonZero} of ${values.length})`);

  // One small step against the gradient lowers the loss: it points somewhere useful.
  const stepped = tf.tidy(() => tf.sub(blurred(4), tf.mul(gradient, 0.5 / Math.max(...values.map(Math.abs)) / 100)) as tf.Tensor4D);
  assert.ok(lossOf(stepped) < lossOf(blurred(4)));

  const before = tf.memory().numTensors;
  tf.tidy(() => {
    tf.grad((sr) => content.loss(sr as tf.Tensor4D, hr))(hr);
  });
  assert.equal(tf.memory().numTensors, before, 'loss and gradient leave no tensors behind');
  content.dispose();
});
