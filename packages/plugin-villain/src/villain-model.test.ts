import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countParameters, createBlocks, createForge, sharedEncoderModel, silentLogger, tf, type Forge } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import villainPlugin, { villainConfig } from './index.js';

await selectBackend({ requested: 'wasm', log: () => undefined });
const forge: Forge = await createForge({ discover: false, plugins: [villainPlugin], log: silentLogger });

function build(config: Record<string, unknown>, learnMask = false, blocks = forge.blocks(1)) {
  return forge.models.get('villain').build({ tf, config, learnMask, blocks, seed: 1, sharedEncoderModel });
}
const dispose = (m: ReturnType<typeof build>) => Object.values(m.parts).forEach((p) => p.dispose());

test("the encoder follows faceswap's layer list: shapes after each stage", () => {
  const model = build({ lowmem: false });
  const encoder = model.parts.encoder!;
  const shape = (name: string) => JSON.stringify(encoder.getLayer(name).outputShape);
  assert.equal(shape('conv_128_0_conv2d'), '[null,64,64,128]');
  assert.equal(encoder.layers.filter((l) => /^residual_128_\d+_add_2$/.test(l.name)).length, 16);
  assert.equal(shape('pixelshuffle_0'), '[null,64,64,32]');
  assert.equal(shape('pixelshuffle_1'), '[null,64,64,32]');
  assert.equal(shape('separableconv2d_256_0_relu'), '[null,16,16,256]');
  assert.equal(shape('conv_512_0_leakyrelu'), '[null,8,8,512]');
  assert.equal(shape('separableconv2d_1024_0_relu'), '[null,4,4,1024]');
  assert.equal(JSON.stringify(encoder.outputs[0]!.shape), '[null,16,16,512]');
  // the first conv is linear; the long skip adds LeakyReLU(0.1) of it to the residual chain
  assert.equal(encoder.layers.some((l) => l.name === 'conv_128_0_leakyrelu'), false);
  const lowmem = build({ lowmem: true });
  assert.equal(lowmem.parts.encoder!.layers.filter((l) => l.getClassName() === 'Add').length, 8 + 1);
  assert.equal(lowmem.parts.encoder!.layers.some((l) => l.name.startsWith('separableconv2d_1024')), false);
  dispose(model);
  dispose(lowmem);
});

test('forward: 128 px faces in, sigmoid 128 px faces out through either decoder, without a mask head', () => {
  const model = build({ lowmem: true });
  assert.equal(model.inputSize, 128);
  assert.equal(model.parts.decoder_a!.outputs.length, 1);
  tf.tidy(() => {
    const faces = tf.randomUniform([2, 128, 128, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const own = model.forward(faces, 'a');
    const swap = model.forward(faces, 'b');
    assert.deepEqual(own.face.shape, [2, 128, 128, 3]);
    assert.deepEqual(swap.face.shape, [2, 128, 128, 3]);
    assert.equal(own.mask, undefined);
    assert.ok(own.face.dataSync().every((v) => v > 0 && v < 1), 'sigmoid output');
    assert.notDeepEqual(Array.from(own.face.dataSync().slice(0, 20)), Array.from(swap.face.dataSync().slice(0, 20)), 'the decoders differ');
    const pair = model.forwardPair!(faces, faces);
    assert.ok(tf.max(tf.abs(pair.a.face.sub(own.face))).dataSync()[0]! < 1e-5, 'forwardPair gives forward');
  });
  dispose(model);
});

test('forward with learn_mask: each decoder adds a 128×128×1 sigmoid mask head', () => {
  const model = build({ lowmem: true }, true);
  assert.equal(model.parts.decoder_b!.outputs.length, 2);
  tf.tidy(() => {
    const faces = tf.randomUniform([1, 128, 128, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    for (const side of ['a', 'b'] as const) {
      const out = model.forward(faces, side);
      assert.deepEqual(out.face.shape, [1, 128, 128, 3]);
      assert.deepEqual(out.mask?.shape, [1, 128, 128, 1]);
      assert.ok(out.mask!.dataSync().every((v) => v > 0 && v < 1));
    }
  });
  dispose(model);
});

test("RandomNormal(0, 0.02) where faceswap passes it; the residual's second conv, the mask branch and the outputs keep their own", () => {
  const model = build({ lowmem: true }, true);
  const std = (part: string, layer: string) => tf.tidy(() => tf.moments(model.parts[part]!.getLayer(layer).getWeights()[0]!).variance.sqrt().dataSync()[0]!);
  const close = (v: number, want: number, what: string) => assert.ok(Math.abs(v - want) / want < 0.05, `${what}: std ${v}, want ${want}`);
  close(std('encoder', 'conv_128_0_conv2d'), 0.02, 'first conv');
  close(std('encoder', 'residual_128_0_conv2d_0'), 0.02, 'residual conv 0');
  close(std('encoder', 'dense_512_0'), 0.02, 'dense');
  close(std('encoder', 'conv_512_0_conv2d'), 0.02, 'conv 512');
  // VarianceScaling(0.2, fan_in, uniform): std = sqrt(0.2 / fan_in)
  close(std('encoder', 'residual_128_0_conv2d_1'), Math.sqrt(0.2 / (9 * 128)), 'residual conv 1');
  close(std('encoder', 'upscale_512_0_conv2d'), 0.02, 'encoder upscale');
  // names count per build: upscale_512_1 is decoder A's face branch, upscale_512_2 its mask branch (he_uniform, std sqrt(2 / fan_in))
  close(std('decoder_a', 'upscale_512_1_conv2d'), 0.02, 'face upscale');
  close(std('decoder_a', 'upscale_512_2_conv2d'), Math.sqrt(2 / (9 * 512)), 'mask upscale');
  close(std('decoder_a', 'face_out_a_conv2d'), Math.sqrt(2 / (25 * 128)), 'face output');
  dispose(model);
});

test('global options reach Villain through its blocks: reflect_padding keeps every shape and count; icnr_init ties sub-pixels', () => {
  const plain = build({ lowmem: true });
  const reflect = build({ lowmem: true }, false, createBlocks(1, { reflectPadding: true, icnrInit: true }));
  for (const part of ['encoder', 'decoder_a'] as const) {
    assert.equal(countParameters(reflect.parts[part]!), countParameters(plain.parts[part]!));
    assert.deepEqual(reflect.parts[part]!.outputs.map((o) => o.shape), plain.parts[part]!.outputs.map((o) => o.shape));
  }
  // 8 residual blocks × 2 + 6 Conv2DBlocks + upscale 512 in the encoder pad by reflection; separable convs do not (as in faceswap)
  assert.equal(reflect.parts.encoder!.layers.filter((l) => l.getClassName() === 'ReflectionPadding2D').length, 16 + 5 + 1);
  const kernel = reflect.parts.decoder_a!.getLayer('upscale_512_1_conv2d').getWeights()[0]!;
  tf.tidy(() => {
    const [first, second] = tf.split(kernel, [512, kernel.shape[3]! - 512], 3);
    assert.ok(tf.max(tf.abs(first!.sub(second!.slice([0, 0, 0, 0], [-1, -1, -1, 512])))).dataSync()[0] === 0, 'ICNR repeats the base kernel');
  });
  dispose(plain);
  dispose(reflect);
});

test('the plugin owns [model.villain] with lowmem fixed at creation, and ships presets', () => {
  assert.equal(villainConfig.id, 'model.villain');
  const lowmem = (villainConfig.schema.properties as unknown as Record<string, Record<string, unknown>>).lowmem!;
  assert.equal(lowmem.default, false);
  assert.equal(lowmem['x-fixed'], true);
  assert.deepEqual(Object.keys(villainPlugin.presets ?? {}).sort(), ['default', 'lowmem']);
});
