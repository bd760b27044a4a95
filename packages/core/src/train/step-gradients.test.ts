import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf.js';
import { sharedEncoderModel, type FaceSwapModel, type ModelOutputs, type Side } from '../model/face-swap-model.js';
import { stepGradients } from './step-gradients.js';

function tinyModel(batchNorm = false): FaceSwapModel {
  const encoder = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    ...(batchNorm ? [tf.layers.batchNormalization()] : []),
    tf.layers.leakyReLU({ alpha: 0.1 }),
  ] });
  const decoder = (seed: number) => tf.sequential({ layers: [
    tf.layers.conv2dTranspose({ inputShape: [4, 4, 4], filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
  ] });
  return sharedEncoderModel({ inputSize: 8, outputSize: 8, encoder, decoderA: decoder(2), decoderB: decoder(3), learnMask: false });
}

test('both sides in one pass give the same losses and gradients as one side at a time, and leak nothing', () => {
  const model = tinyModel();
  assert.ok(model.forwardPair, 'a shared encoder without batch statistics runs both sides at once');
  const variables = Object.values(model.parts).flatMap((p) => p.trainableWeights.map((w) => w.read() as tf.Variable));
  const feeds = { a: tf.randomUniform([3, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D, b: tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D };
  const targets = { a: tf.randomUniform([3, 8, 8, 3], 0, 1, 'float32', 3), b: tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 4) };
  const sideLoss = (side: Side, out: ModelOutputs) => tf.losses.meanSquaredError(targets[side], out.face) as tf.Scalar;

  const before = tf.memory().numTensors;
  const joint = stepGradients(model, feeds, sideLoss, variables);
  assert.equal(tf.memory().numTensors, before + variables.length + 2, 'only the gradients and the two totals are left');
  const oneAtATime = stepGradients(model, feeds, sideLoss, variables, true);

  for (const side of ['a', 'b'] as const) {
    const [got, want] = [joint.totals[side].dataSync()[0]!, oneAtATime.totals[side].dataSync()[0]!];
    assert.ok(got > 0.01 && Math.abs(got - want) < 1e-6, `loss ${side}: ${got} vs ${want}`);
  }
  assert.deepEqual(Object.keys(joint.grads).sort(), variables.map((v) => v.name).sort());
  for (const v of variables) {
    const got = joint.grads[v.name]!.dataSync(), want = oneAtATime.grads[v.name]!.dataSync();
    const scale = Math.max(...Array.from(want, Math.abs));
    assert.ok(scale > 0, `${v.name} gets a gradient`);
    want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) <= 1e-5 * scale, `${v.name}[${i}]: ${got[i]} vs ${w}`));
  }
  tf.dispose([...Object.values(joint.grads), ...Object.values(joint.totals), ...Object.values(oneAtATime.grads), ...Object.values(oneAtATime.totals)]);
  tf.dispose([feeds.a, feeds.b, targets.a, targets.b]);
  for (const part of Object.values(model.parts)) part.dispose();
});

test('an encoder with batch statistics runs one side at a time (mixing the sides would change its output)', () => {
  const model = tinyModel(true);
  assert.equal(model.forwardPair, undefined);
  for (const part of Object.values(model.parts)) part.dispose();
});
