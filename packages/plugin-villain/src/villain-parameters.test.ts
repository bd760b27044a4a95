/**
 * Villain's parameters counted by hand from faceswap's layer list (villain.py; notes §2.2), apart
 * from the builder: every weighted layer with its input channels, kernel and filters, and the
 * arithmetic. Conv2D: k·k·in·out + out. SeparableConv2D (depth multiplier 1): k·k·in + in·out + out.
 * Dense: in·out + out. UpscaleBlock(n): Conv2D k3 to 4n. ResidualBlock(n): two Conv2D k3 n → n.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countParameters, createForge, sharedEncoderModel, silentLogger, tf, type Forge } from '@faceforge/core';
import { selectBackend } from '@faceforge/core/backend';
import villainPlugin from './index.js';

type Row = [layer: string, parameters: number];
const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
const separable = (k: number, cin: number, cout: number) => k * k * cin + cin * cout + cout;
const dense = (cin: number, cout: number) => cin * cout + cout;

function encoderTable(lowmem: boolean): Row[] {
  const rows: Row[] = [['conv_128 k5 s2, 128×128×3 → 64×64×128', conv(5, 3, 128)]];
  for (let i = 0; i < (lowmem ? 8 : 16); i++) {
    rows.push([`residual_128 #${i} conv 0, k3 128 → 128`, conv(3, 128, 128)], [`residual_128 #${i} conv 1, k3 128 → 128`, conv(3, 128, 128)]);
  }
  rows.push(
    ['conv_128 k5 s2, 64×64×128 → 32×32×128 (shuffle → 64×64×32)', conv(5, 128, 128)],
    ['conv_128 k5 s2, 64×64×32 → 32×32×128 (shuffle → 64×64×32)', conv(5, 32, 128)],
    ['conv_128 k5 s2, 64×64×32 → 32×32×128', conv(5, 32, 128)],
    ['separable_256 k5 s2, 32×32×128 → 16×16×256', separable(5, 128, 256)],
    ['conv_512 k5 s2, 16×16×256 → 8×8×512', conv(5, 256, 512)],
  );
  if (!lowmem) rows.push(['separable_1024 k5 s2, 8×8×512 → 4×4×1024', separable(5, 512, 1024)]);
  const flat = lowmem ? 8 * 8 * 512 : 4 * 4 * 1024;
  const encoderDim = lowmem ? 512 : 1024;
  rows.push(
    [`dense ${flat} → ${encoderDim}`, dense(flat, encoderDim)],
    [`dense ${encoderDim} → 8·8·1024`, dense(encoderDim, 8 * 8 * 1024)],
    ['upscale_512: conv k3 1024 → 2048, 8×8 → 16×16×512', conv(3, 1024, 2048)],
  );
  return rows;
}

function decoderTable(learnMask: boolean): Row[] {
  const rows: Row[] = [];
  let cin = 512;
  for (const n of [512, 256, 128]) {
    rows.push([`upscale_${n}: conv k3 ${cin} → ${4 * n}`, conv(3, cin, 4 * n)], [`residual_${n} conv 0`, conv(3, n, n)], [`residual_${n} conv 1`, conv(3, n, n)]);
    cin = n;
  }
  rows.push(['face_out conv k5 128 → 3', conv(5, 128, 3)]);
  if (learnMask) {
    cin = 512;
    for (const n of [512, 256, 128]) {
      rows.push([`mask upscale_${n}: conv k3 ${cin} → ${4 * n}`, conv(3, cin, 4 * n)]);
      cin = n;
    }
    rows.push(['mask_out conv k5 128 → 1', conv(5, 128, 1)]);
  }
  return rows;
}

const sum = (rows: Row[]) => rows.reduce((s, [, n]) => s + n, 0);

// The hand sums, written out: what the README states and faceswap's notes round (≈ 112 M, ≈ 21.5 M, ≈ 155 M).
export const EXPECTED = {
  default: { encoder: 112_027_904, decoder: 21_543_555 },
  lowmem: { encoder: 75_573_504, decoder: 21_543_555 },
  maskHead: 9_439_232 + 4_719_616 + 1_180_160 + 3_201,
};

await selectBackend({ requested: 'wasm', log: () => undefined });
const forge: Forge = await createForge({ discover: false, plugins: [villainPlugin], log: silentLogger });

function count(config: Record<string, unknown>, learnMask: boolean) {
  const model = forge.models.get('villain').build({ tf, config, learnMask, blocks: forge.blocks(1), seed: 1, sharedEncoderModel });
  const counts = Object.fromEntries(Object.entries(model.parts).map(([name, part]) => [name, countParameters(part)]));
  for (const part of Object.values(model.parts)) part.dispose();
  return counts;
}

test('the hand table sums to the written-out totals (≈ 112 M encoder, ≈ 21.5 M per decoder, ≈ 155 M in all)', () => {
  assert.equal(sum(encoderTable(false)), EXPECTED.default.encoder);
  assert.equal(sum(encoderTable(true)), EXPECTED.lowmem.encoder);
  assert.equal(sum(decoderTable(false)), EXPECTED.default.decoder);
  assert.equal(sum(decoderTable(true)) - sum(decoderTable(false)), EXPECTED.maskHead);
  const total = EXPECTED.default.encoder + 2 * EXPECTED.default.decoder;
  assert.equal(total, 155_115_014);
});

for (const [label, config, learnMask] of [
  ['defaults', { lowmem: false }, false],
  ['lowmem', { lowmem: true }, false],
  ['learn_mask', { lowmem: false }, true],
  ['lowmem + learn_mask', { lowmem: true }, true],
] as const) {
  test(`the built model counts the hand table's parameters per part: ${label}`, () => {
    const decoder = sum(decoderTable(learnMask));
    assert.deepEqual(count(config, learnMask), { encoder: sum(encoderTable(config.lowmem)), decoder_a: decoder, decoder_b: decoder });
  });
}
