import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { buildGenerator } from './generator.js';
import { buildDiscriminator } from './discriminator.js';

await selectBackend({ requested: 'cpu', log: () => undefined });

/**
 * Counted by hand from krasserm's sr_resnet (F filters, B blocks); Keras counts BN's moving mean and
 * variance too (4 values per channel). conv k×k i→o = k²·i·o + o; PReLU shared over H, W = F.
 */
function generatorCount(F: number, B: number): number {
  const conv = (k: number, i: number, o: number) => k * k * i * o + o;
  const bn = 4 * F;
  const head = conv(9, 3, F) + F;
  const block = 2 * conv(3, F, F) + 2 * bn + F;
  const body = conv(3, F, F) + bn;
  const upsampler = conv(3, F, 4 * F) + F;
  const tail = conv(9, F, 3);
  return head + B * block + body + 2 * upsampler + tail;
}

test('the SRResNet generator has the reference count: 1,554,883 parameters at 16 blocks × 64 filters (README: 1.55 M)', () => {
  // head 15,616 + 64; block 74,432 × 16 = 1,190,912; body 37,184; upsamplers 2 × 147,776; tail 15,555
  assert.equal(generatorCount(64, 16), 1_554_883);
  const generator = buildGenerator({ residualBlocks: 16, filters: 64 });
  assert.equal(generator.countParams(), 1_554_883);
  const trainable = generator.trainableWeights.reduce((s, w) => s + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
  assert.equal(trainable, 1_554_883 - 33 * 2 * 64, 'the 33 BNs\' moving statistics are not trained');
  generator.dispose();
});

test('the generator upsamples ×4 at any input size and gives [0, 1] RGB; a tiny config counts the same way', () => {
  const generator = buildGenerator({ residualBlocks: 2, filters: 8 }, 3);
  assert.equal(generator.countParams(), generatorCount(8, 2));
  const out = tf.tidy(() => generator.predict(tf.randomUniform([2, 10, 7, 3], 0, 1, 'float32', 1)) as tf.Tensor4D);
  assert.deepEqual(out.shape, [2, 40, 28, 3]);
  const [min, max] = [out.min().dataSync()[0]!, out.max().dataSync()[0]!];
  assert.ok(min >= 0 && max <= 1 && max > min, `${min}..${max}`);
  out.dispose();
  generator.dispose();
});

test('the discriminator has the reference count at 96 px (23,569,217: the 18,432 → 1024 dense is 80 % of it) and outputs one probability per image', () => {
  const conv = (i: number, o: number) => 9 * i * o + o;
  const convs = conv(3, 64) + conv(64, 64) + conv(64, 128) + conv(128, 128) + conv(128, 256) + conv(256, 256) + conv(256, 512) + conv(512, 512);
  const bns = 4 * (64 + 128 + 128 + 256 + 256 + 512 + 512);
  const dense = (6 * 6 * 512) * 1024 + 1024 + 1024 + 1;
  assert.equal(convs + bns + dense, 23_569_217);
  const discriminator = buildDiscriminator(96);
  assert.equal(discriminator.countParams(), 23_569_217);
  const small = buildDiscriminator(32);
  assert.equal(small.countParams(), convs + bns + (2 * 2 * 512) * 1024 + 1024 + 1025);
  const p = tf.tidy(() => small.predict(tf.randomUniform([3, 32, 32, 3], 0, 1, 'float32', 2)) as tf.Tensor);
  assert.deepEqual(p.shape, [3, 1]);
  assert.ok(Array.from(p.dataSync()).every((v) => v > 0 && v < 1));
  p.dispose();
  discriminator.dispose();
  small.dispose();
  assert.throws(() => buildDiscriminator(40), /divisible by 16/);
});
