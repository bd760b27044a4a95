import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import { U2NetP } from './u2netp.js';
import { binaryCrossEntropyWithLogits, sideOutputLoss } from './side-output-loss.js';

await selectBackend({ requested: 'wasm', log: () => undefined });

/** The reference's count, from model/u2net.py's U2NETP: REBNCONV(i, o) = 9·i·o + o (conv) + 2·o (BN), side convs and outconv. */
function referenceParameterCount(): number {
  const reb = (i: number, o: number) => 9 * i * o + o + 2 * o;
  const rsu = (depth: number, i: number, m: number, o: number) => reb(i, o) + reb(o, m) + (depth - 1) * reb(m, m) + (depth - 2) * reb(2 * m, m) + reb(2 * m, o);
  const rsu4f = (i: number, m: number, o: number) => reb(i, o) + reb(o, m) + 3 * reb(m, m) + 2 * reb(2 * m, m) + reb(2 * m, o);
  const encoder = rsu(7, 3, 16, 64) + rsu(6, 64, 16, 64) + rsu(5, 64, 16, 64) + rsu(4, 64, 16, 64) + 2 * rsu4f(64, 16, 64);
  const decoder = rsu4f(128, 16, 64) + rsu(4, 128, 16, 64) + rsu(5, 128, 16, 64) + rsu(6, 128, 16, 64) + rsu(7, 128, 16, 64);
  return encoder + decoder + 6 * (9 * 64 + 1) + (6 + 1);
}

test('u2netp has the reference parameter count (≈1.13 M; u2netp.pth is 4.7 MB of fp32)', () => {
  const net = new U2NetP(1);
  const count = net.store.countTrainable();
  assert.equal(count, referenceParameterCount());
  assert.equal(count, 1_131_181);
  assert.ok(Math.abs(count / 1.13e6 - 1) < 0.005);
  const running = [...net.store.running.values()].reduce((s, v) => s + v.size, 0);
  assert.ok(Math.abs(((count + running) * 4) / 1e6 - 4.55) < 0.01, 'weights + BN statistics ≈ 4.5 MB of fp32');
  net.dispose();
});

test("parameters carry the reference's state_dict names: 6 encoder and 5 decoder stages, 6 sides, outconv", () => {
  const net = new U2NetP(1);
  const keys = [...net.store.trainable.keys(), ...net.store.running.keys()];
  for (const key of ['stage1.rebnconvin.conv_s1.weight', 'stage1.rebnconv7.bn_s1.running_var', 'stage6.rebnconv4.conv_s1.bias', 'stage5d.rebnconv3d.bn_s1.weight',
    'stage1d.rebnconv1d.conv_s1.weight', 'side6.weight', 'outconv.bias']) assert.ok(keys.includes(key), key);
  assert.ok(!keys.includes('stage1.rebnconv8.conv_s1.weight'));
  assert.deepEqual(net.store.trainable.get('stage1.rebnconvin.conv_s1.weight')!.shape, [3, 3, 3, 64]);
  assert.deepEqual(net.store.trainable.get('stage2d.rebnconvin.conv_s1.weight')!.shape, [3, 3, 128, 64]);
  assert.deepEqual(net.store.trainable.get('outconv.weight')!.shape, [1, 1, 6, 1]);
  const again = new U2NetP(1);
  assert.deepEqual(Array.from(again.store.trainable.get('side3.weight')!.dataSync()), Array.from(net.store.trainable.get('side3.weight')!.dataSync()), 'seeded');
  net.dispose();
  again.dispose();
});

test('forward gives seven 1-channel maps at the input size, also for sizes that do not halve evenly', () => {
  const net = new U2NetP(2);
  tf.tidy(() => {
    for (const size of [64, 72]) {
      const maps = net.forward(U2NetP.normaliseInput(tf.randomUniform([2, size, size, 3]) as tf.Tensor4D), { training: false, observed: [] });
      assert.equal(maps.length, 7);
      for (const map of maps) assert.deepEqual(map.shape, [2, size, size, 1]);
    }
  });
  net.dispose();
});

test('the loss is the sum of the seven BCEs; the BCE from logits matches −[y·log p + (1−y)·log(1−p)]', () => {
  tf.tidy(() => {
    const logits = tf.tensor4d([-3, -0.5, 0, 2, 8], [1, 1, 5, 1]);
    const target = tf.tensor4d([0, 1, 1, 0, 1], [1, 1, 5, 1]);
    const p = [-3, -0.5, 0, 2, 8].map((s) => 1 / (1 + Math.exp(-s)));
    const y = [0, 1, 1, 0, 1];
    const expected = p.reduce((sum, pi, i) => sum - (y[i]! * Math.log(pi) + (1 - y[i]!) * Math.log(1 - pi)), 0) / 5;
    assert.ok(Math.abs(binaryCrossEntropyWithLogits(logits, target).dataSync()[0]! - expected) < 1e-5);
    const maps = Array.from({ length: 7 }, (_, i) => tf.mul(logits, i + 1) as tf.Tensor4D);
    const { total, fused } = sideOutputLoss(maps, target);
    const sum = maps.reduce((s, m) => s + binaryCrossEntropyWithLogits(m, target).dataSync()[0]!, 0);
    assert.ok(Math.abs(total.dataSync()[0]! - sum) < 1e-4);
    assert.ok(Math.abs(fused.dataSync()[0]! - expected) < 1e-5, 'fused = d0, the first map');
  });
});
