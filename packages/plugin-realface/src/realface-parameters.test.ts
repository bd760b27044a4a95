/**
 * RealFace's parameters counted by hand from faceswap's layer list (realface.py; notes §2.3), apart
 * from the builder: every weighted layer with its input channels, kernel and filters, and the
 * arithmetic. Conv2D: k·k·in·out (+ out with bias). Dense: in·out + out. UpscaleBlock(n): Conv2D k3
 * to 4n, then a pixel shuffle to n. ResidualBlock(n): two Conv2D k3 n → n, with or without bias.
 * Written for the defaults (64 → 128: dense width 4, 5 upscalers, dense filters 1024) and for
 * 128 → 256 (dense width 8, 5 upscalers, dense filters 768) and 64 → 64 (width 4, 4 upscalers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countParameters, createForge, sharedEncoderModel, silentLogger, tf, type Forge } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import realfacePlugin from './index.js';

type Row = [layer: string, parameters: number];
const conv = (k: number, cin: number, cout: number, bias = true) => k * k * cin * cout + (bias ? cout : 0);
const dense = (cin: number, cout: number) => cin * cout + cout;
const residual = (n: number, bias: boolean): number => 2 * conv(3, n, n, bias);

interface Case {
  label: string;
  config: { input_size: number; output_size: number; dense_nodes: number; complexity_encoder: number; complexity_decoder: number };
  encoder: Row[];
  decoderA: Row[];
  decoderB: Row[];
}

// Defaults: encoder 64² → 32² ×128 → 16² ×256 → 8² ×512 → 4² ×1024.
const defaults: Case = {
  label: 'defaults (64 → 128)',
  config: { input_size: 64, output_size: 128, dense_nodes: 1536, complexity_encoder: 128, complexity_decoder: 512 },
  encoder: [
    ['conv_128 k5 3 → 128', conv(5, 3, 128)], ['2 × residual_128 with bias', 2 * residual(128, true)],
    ['conv_256 k5 128 → 256', conv(5, 128, 256)], ['2 × residual_256 with bias', 2 * residual(256, true)],
    ['conv_512 k5 256 → 512', conv(5, 256, 512)], ['2 × residual_512 with bias', 2 * residual(512, true)],
    ['conv_1024 k5 512 → 1024', conv(5, 512, 1024)],
  ],
  decoderB: [
    ['dense 4·4·1024 → 1536', dense(16384, 1536)], ['dense 1536 → 4·4·1024', dense(1536, 16384)],
    ['upscale_1024: conv k3 1024 → 4096 (4² → 8²)', conv(3, 1024, 4096)], ['residual_1024 no bias', residual(1024, false)],
    ['upscale_512: conv k3 1024 → 2048', conv(3, 1024, 2048)], ['residual_512 no bias', residual(512, false)], ['residual_512 with bias', residual(512, true)],
    ['upscale_256: conv k3 512 → 1024', conv(3, 512, 1024)], ['residual_256 no bias', residual(256, false)], ['residual_256 with bias', residual(256, true)],
    ['upscale_128: conv k3 256 → 512', conv(3, 256, 512)], ['residual_128 no bias', residual(128, false)], ['residual_128 with bias', residual(128, true)],
    ['upscale_64: conv k3 128 → 256 (64² → 128²)', conv(3, 128, 256)],
    ['face_out conv k5 64 → 3', conv(5, 64, 3)],
  ],
  // int(1536 / 1.5) = 1024 nodes, int(1024 / 1.5) = 682 filters, int(512 / 1.5) = 341 → 341, 170, 85, 42.
  decoderA: [
    ['dense 16384 → 1024', dense(16384, 1024)], ['dense 1024 → 4·4·682', dense(1024, 4 * 4 * 682)],
    ['upscale_682: conv k3 682 → 2728', conv(3, 682, 2728)], ['residual_682 no bias', residual(682, false)],
    ['upscale_341: conv k3 682 → 1364', conv(3, 682, 1364)],
    ['upscale_170: conv k3 341 → 680', conv(3, 341, 680)],
    ['upscale_85: conv k3 170 → 340', conv(3, 170, 340)],
    ['upscale_42: conv k3 85 → 168', conv(3, 85, 168)],
    ['face_out conv k5 42 → 3', conv(5, 42, 3)],
  ],
};

// 128 → 256: encoder 128² → … → 8² ×1024; dense width 8 (256 // 32), 5 upscalers, dense filters 768.
const hd: Case = {
  label: '128 → 256',
  config: { input_size: 128, output_size: 256, dense_nodes: 1536, complexity_encoder: 128, complexity_decoder: 512 },
  encoder: defaults.encoder,
  decoderB: [
    ['dense 8·8·1024 → 1536', dense(65536, 1536)], ['dense 1536 → 8·8·768', dense(1536, 8 * 8 * 768)],
    ['upscale_768: conv k3 768 → 3072 (8² → 16²)', conv(3, 768, 3072)], ['residual_768 no bias', residual(768, false)],
    ['upscale_512: conv k3 768 → 2048', conv(3, 768, 2048)], ['residual_512 no bias', residual(512, false)], ['residual_512 with bias', residual(512, true)],
    ['upscale_256', conv(3, 512, 1024)], ['residual_256 no bias', residual(256, false)], ['residual_256 with bias', residual(256, true)],
    ['upscale_128', conv(3, 256, 512)], ['residual_128 no bias', residual(128, false)], ['residual_128 with bias', residual(128, true)],
    ['upscale_64 (128² → 256²)', conv(3, 128, 256)],
    ['face_out conv k5 64 → 3', conv(5, 64, 3)],
  ],
  // int(768 / 1.5) = 512 filters.
  decoderA: [
    ['dense 65536 → 1024', dense(65536, 1024)], ['dense 1024 → 8·8·512', dense(1024, 8 * 8 * 512)],
    ['upscale_512: conv k3 512 → 2048', conv(3, 512, 2048)], ['residual_512 no bias', residual(512, false)],
    ['upscale_341: conv k3 512 → 1364', conv(3, 512, 1364)],
    ['upscale_170', conv(3, 341, 680)], ['upscale_85', conv(3, 170, 340)], ['upscale_42', conv(3, 85, 168)],
    ['face_out conv k5 42 → 3', conv(5, 42, 3)],
  ],
};

// 64 → 64 with the smallest options: dense width 4 (64 // 16), 4 upscalers; encoder 96, 192, 384, 768.
const small: Case = {
  label: '64 → 64, dense 768, complexity 96/512',
  config: { input_size: 64, output_size: 64, dense_nodes: 768, complexity_encoder: 96, complexity_decoder: 512 },
  encoder: [
    ['conv_96 k5 3 → 96', conv(5, 3, 96)], ['2 × residual_96', 2 * residual(96, true)],
    ['conv_192', conv(5, 96, 192)], ['2 × residual_192', 2 * residual(192, true)],
    ['conv_384', conv(5, 192, 384)], ['2 × residual_384', 2 * residual(384, true)],
    ['conv_768', conv(5, 384, 768)],
  ],
  decoderB: [
    ['dense 4·4·768 → 768', dense(12288, 768)], ['dense 768 → 4·4·1024', dense(768, 16384)],
    ['upscale_1024 (4² → 8²)', conv(3, 1024, 4096)], ['residual_1024 no bias', residual(1024, false)],
    ['upscale_512', conv(3, 1024, 2048)], ['residual_512 no bias', residual(512, false)], ['residual_512 with bias', residual(512, true)],
    ['upscale_256', conv(3, 512, 1024)], ['residual_256 no bias', residual(256, false)], ['residual_256 with bias', residual(256, true)],
    ['upscale_128 (32² → 64²)', conv(3, 256, 512)],
    ['face_out conv k5 128 → 3', conv(5, 128, 3)],
  ],
  decoderA: [
    ['dense 12288 → 512', dense(12288, 512)], ['dense 512 → 4·4·682', dense(512, 4 * 4 * 682)],
    ['upscale_682', conv(3, 682, 2728)], ['residual_682 no bias', residual(682, false)],
    ['upscale_341', conv(3, 682, 1364)], ['upscale_170', conv(3, 341, 680)], ['upscale_85', conv(3, 170, 340)],
    ['face_out conv k5 85 → 3', conv(5, 85, 3)],
  ],
};

/** The mask branch: from the side's dense filters F, (upscalers − 1) upscales of 384/2^i, then conv k5 to 1. */
function maskTable(denseFilters: number, upscalers: number): Row[] {
  const rows: Row[] = [];
  let cin = denseFilters;
  for (let i = 0; i < upscalers - 1; i++) {
    const n = Math.floor(384 / 2 ** i);
    rows.push([`mask upscale_${n}: conv k3 ${cin} → ${4 * n}`, conv(3, cin, 4 * n)]);
    cin = n;
  }
  rows.push([`mask_out conv k5 ${cin} → 1`, conv(5, cin, 1)]);
  return rows;
}

const sum = (rows: Row[]) => rows.reduce((s, [, n]) => s + n, 0);

// The hand sums for the defaults, written out: what the README states and faceswap's notes round
// (encoder ≈ 29.6 M, decoder B ≈ 144 M, decoder A ≈ 64 M).
const EXPECTED = {
  encoder: 29_604_608, decoder_a: 64_196_041, decoder_b: 144_441_027, total: 238_241_676,
  maskHead: { a: 12_915_697, b: 17_643_505 },
};

await selectBackend({ requested: 'wasm', log: () => undefined });
const forge: Forge = await createForge({ discover: false, plugins: [realfacePlugin], log: silentLogger });

function count(config: Case['config'], learnMask: boolean) {
  const model = forge.models.get('realface').build({ tf, config, learnMask, blocks: forge.blocks(1), seed: 1, sharedEncoderModel });
  const counts = Object.fromEntries(Object.entries(model.parts).map(([name, part]) => [name, countParameters(part)]));
  for (const part of Object.values(model.parts)) part.dispose();
  return counts;
}

test("the hand table's sums for the defaults, written out (faceswap's notes: ≈ 29.6 M, ≈ 64 M, ≈ 144 M)", () => {
  assert.equal(sum(defaults.encoder), EXPECTED.encoder);
  assert.equal(sum(defaults.decoderA), EXPECTED.decoder_a);
  assert.equal(sum(defaults.decoderB), EXPECTED.decoder_b);
  assert.equal(EXPECTED.encoder + EXPECTED.decoder_a + EXPECTED.decoder_b, EXPECTED.total);
  // upscale 384 from F (1024 for B, 682 for A) + 192 + 96 + 48 + conv k5 48 → 1
  assert.equal(sum(maskTable(1024, 5)), EXPECTED.maskHead.b);
  assert.equal(sum(maskTable(682, 5)), EXPECTED.maskHead.a);
  assert.equal(EXPECTED.maskHead.b - EXPECTED.maskHead.a, 9 * (1024 - 682) * 1536);
});

// Encoder, decoders and (learn_mask) the mask branches, per part, against the built model.
for (const [c, upscalers, filtersB, learnMask] of [
  [defaults, 5, 1024, false], [defaults, 5, 1024, true], [hd, 5, 768, false], [small, 4, 1024, false], [small, 4, 1024, true],
] as const) {
  test(`the built model counts the hand table's parameters per part: ${c.label}${learnMask ? ' + learn_mask' : ''}`, () => {
    const masks = (filters: number) => (learnMask ? sum(maskTable(filters, upscalers)) : 0);
    assert.deepEqual(count(c.config, learnMask), {
      encoder: sum(c.encoder),
      decoder_a: sum(c.decoderA) + masks(Math.trunc(filtersB / 1.5)),
      decoder_b: sum(c.decoderB) + masks(filtersB),
    });
  });
}
