// RealFace's derived sizes (faceswap's get_dense_width_upscalers_numbers and dense_filters), its
// runtime size checks, and the built model's shapes: the encoder's latent, each decoder's output at
// output_size, decoders that differ by side, and the mask branch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, createForge, sharedEncoderModel, silentLogger, tf, type Forge } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import plugin from './index.js';
import { checkSizes, denseWidthAndUpscalers, realfaceSizes } from './realface-sizes.js';

const DEFAULTS = { input_size: 64, output_size: 128, dense_nodes: 1536, complexity_encoder: 128, complexity_decoder: 512 };

test("dense width and upscalers, as faceswap derives them from input and output size", () => {
  // out // 2ⁿ < 10 for n ∈ {4, 5}; the one whose ·16 is closest to the input (the first on a tie)
  const table: [input: number, output: number, width: number, upscalers: number][] = [
    [64, 128, 4, 5], [128, 128, 8, 4], [96, 128, 8, 4], [80, 128, 4, 5], [64, 64, 4, 4], [64, 96, 3, 5], [96, 96, 6, 4],
    [64, 160, 5, 5], [128, 192, 6, 5], [128, 256, 8, 5], [64, 256, 8, 5],
  ];
  for (const [input, output, denseWidth, upscalers] of table) {
    assert.deepEqual(denseWidthAndUpscalers(input, output), { denseWidth, upscalers }, `${input} → ${output}`);
    assert.equal(denseWidth * 2 ** upscalers, output, `${input} → ${output}: the upscalers reach the output size`);
  }
});

test('derived filters: dense filters ((1024 − (w − 4)·64) // 16)·16, the latent input/16 × complexity_encoder·8', () => {
  assert.deepEqual(realfaceSizes(DEFAULTS), { denseWidth: 4, upscalers: 5, denseFilters: 1024, latentWidth: 4, latentFilters: 1024 });
  assert.deepEqual(realfaceSizes({ ...DEFAULTS, input_size: 128, output_size: 256, complexity_encoder: 96 }), { denseWidth: 8, upscalers: 5, denseFilters: 768, latentWidth: 8, latentFilters: 768 });
  assert.equal(realfaceSizes({ ...DEFAULTS, output_size: 96 }).denseFilters, 1088); // width 3
  assert.equal(realfaceSizes({ ...DEFAULTS, input_size: 96, output_size: 96 }).denseFilters, 896); // width 6
});

test("faceswap's runtime checks: input 64–128 in steps of 16, output 64–256 in steps of 32, refused naming the option", () => {
  for (const input of [64, 80, 96, 112, 128]) checkSizes({ input_size: input, output_size: 128 });
  for (const output of [64, 96, 128, 160, 192, 224, 256]) checkSizes({ input_size: 64, output_size: output });
  for (const input of [48, 72, 136]) {
    assert.throws(() => checkSizes({ input_size: input, output_size: 128 }), (e: Error) => e instanceof ConfigError && /input_size = \d+: .*multiple of 16/.test(e.message));
  }
  // output 80, 112, 144 pass the schema's step of 16 but not faceswap's check of % 32
  for (const output of [80, 112, 144, 288]) {
    assert.throws(() => checkSizes({ input_size: 64, output_size: output }), (e: Error) => e instanceof ConfigError && /output_size = \d+: .*multiple of 32/.test(e.message));
  }
});

await selectBackend({ requested: 'wasm', log: () => undefined });
const forge: Forge = await createForge({ discover: false, plugins: [plugin], log: silentLogger });
const build = (config: Record<string, unknown>, learnMask: boolean) =>
  forge.models.get('realface').build({ tf, config: { ...DEFAULTS, ...config }, learnMask, blocks: forge.blocks(1), seed: 1, sharedEncoderModel });

test('a model with output size 80 is refused when built, before any layer is made', () => {
  assert.throws(() => build({ output_size: 80 }, false), (e: Error) => e instanceof ConfigError && /\[model\.realface\] output_size = 80/.test(e.message));
});

test('96 → 64 with learn_mask: latent 6×6×1024, faces 64×64×3 and masks 64×64×1 from both decoders, which differ by side', () => {
  const model = build({ input_size: 96, output_size: 64 }, true);
  try {
    assert.equal(model.inputSize, 96);
    assert.equal(model.outputSize, 64);
    assert.deepEqual(model.parts.encoder!.outputs[0]!.shape, [null, 6, 6, 1024]);
    tf.tidy(() => {
      const input = tf.randomUniform([1, 96, 96, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      for (const side of ['a', 'b'] as const) {
        const out = model.forward(input, side);
        assert.deepEqual(out.face.shape, [1, 64, 64, 3], `decoder ${side} face`);
        assert.deepEqual(out.mask?.shape, [1, 64, 64, 1], `decoder ${side} mask`);
      }
    });
    // A is B divided by 1.5 (dense width 4: 96 → 64 takes 4 upscalers): dense 1024 → 4·4·682, B's 1536 → 4·4·1024
    const widths = (part: string) => model.parts[part]!.layers.filter((l) => l.getClassName() === 'Dense').map((l) => (l.outputShape as number[])[1]);
    assert.deepEqual(widths('decoder_a'), [1024, 4 * 4 * 682]);
    assert.deepEqual(widths('decoder_b'), [1536, 4 * 4 * 1024]);
  } finally {
    for (const part of Object.values(model.parts)) part.dispose();
  }
});
