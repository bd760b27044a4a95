import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countParameters, createForge, sharedEncoderModel, silentLogger, tf, type Forge } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import originalPlugin, { originalConfig } from './index.js';

await selectBackend({ requested: 'wasm', log: () => undefined });
const forge: Forge = await createForge({ discover: false, plugins: [originalPlugin], log: silentLogger });

function build(config: Record<string, unknown>, learnMask = false) {
  return forge.models.get('original').build({ tf, config, learnMask, blocks: forge.blocks(1), seed: 1, sharedEncoderModel });
}

test("Original has faceswap's parameter counts: 82,062,470 in total, lowmem smaller", () => {
  const full = build({ lowmem: false });
  assert.equal(countParameters(full.parts.encoder!), 69_662_976);
  assert.equal(countParameters(full.parts.decoder_a!), 6_199_747);
  assert.equal(countParameters(full.parts.decoder_b!), 6_199_747);
  const lowmem = build({ lowmem: true });
  assert.equal(countParameters(lowmem.parts.encoder!), 48_165_632);
  const total = (m: ReturnType<typeof build>) => Object.values(m.parts).reduce((s, p) => s + countParameters(p), 0);
  assert.equal(total(full), 82_062_470);
  assert.equal(total(lowmem), 60_565_126);
  for (const m of [full, lowmem]) for (const p of Object.values(m.parts)) p.dispose();
});

test('layer names are the same in every build, so weights load by name', () => {
  const one = build({ lowmem: true });
  const two = build({ lowmem: true });
  const names = (m: ReturnType<typeof build>) => Object.values(m.parts).flatMap((p) => p.weights.map((w) => w.originalName));
  assert.deepEqual(names(one), names(two));
  assert.ok(names(one).includes('conv_128_0_conv2d/kernel'));
  assert.ok(names(one).includes('face_out_b_conv2d/kernel'));
  for (const m of [one, two]) for (const p of Object.values(m.parts)) p.dispose();
});

test('forward: 64 px faces in, sigmoid faces out through either decoder; learn_mask adds a mask head', () => {
  const model = build({ lowmem: true }, true);
  assert.equal(model.parts.decoder_a!.outputs.length, 2);
  tf.tidy(() => {
    const faces = tf.randomUniform([1, 64, 64, 3]) as tf.Tensor4D;
    const own = model.forward(faces, 'a');
    const swap = model.forward(faces, 'b');
    assert.deepEqual(own.face.shape, [1, 64, 64, 3]);
    assert.deepEqual(swap.mask?.shape, [1, 64, 64, 1]);
    const values = own.face.dataSync();
    assert.ok(values.every((v) => v > 0 && v < 1), 'sigmoid output');
    assert.notDeepEqual(Array.from(own.face.dataSync().slice(0, 20)), Array.from(swap.face.dataSync().slice(0, 20)), 'the decoders differ');
  });
  // the mask head: three more upscales and a 1-channel output per decoder
  const maskParams = countParameters(model.parts.decoder_a!) - 6_199_747;
  assert.equal(maskParams, 4_719_616 + 1_180_160 + 295_168 + 25 * 64 + 1);
  for (const p of Object.values(model.parts)) p.dispose();
});

test('the plugin owns [model.original] with lowmem fixed at creation, and ships presets', () => {
  const section = originalConfig;
  assert.equal(section.id, 'model.original');
  const lowmem = (section.schema.properties as unknown as Record<string, Record<string, unknown>>).lowmem!;
  assert.equal(lowmem.default, false);
  assert.equal(lowmem['x-fixed'], true);
  assert.deepEqual(Object.keys(originalPlugin.presets ?? {}).sort(), ['default', 'lowmem']);
});
