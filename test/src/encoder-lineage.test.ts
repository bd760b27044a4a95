/**
 * Encoder identity (issue: decoder swap/import between two models trained apart from scratch was
 * accepted, since the fingerprint covers only the architecture). An encoder gets a lineage id when
 * first initialised; packs, seasons and --load-weights carry it on; decoders move only within it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportDecoder, importDecoder, packEncoder, seasonEncoder, swapDecoder } from '@faceforge/core/packs';
import { readState, train, type TrainOptions } from '@faceforge/core/train';
import { PackError, PackStore } from '@faceforge/packs';
import { sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();
const faces = await sampleFaces();

async function trainTiny(modelDir: string, overrides: Partial<TrainOptions>) {
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, faces, modelDir, { saveInterval: 100, ...overrides }));
  return (await readState(modelDir))!;
}

test('two models trained apart from scratch: same fingerprint, different lineages; swap and import are refused naming both', async () => {
  const store = new PackStore(await tempDir('ff-home-'));
  const first = join(await tempDir(), 'first');
  const second = join(await tempDir(), 'second');
  const a = await trainTiny(first, { iterations: 2, seed: 1 });
  const b = await trainTiny(second, { iterations: 2, seed: 2 });
  assert.match(a.encoder!.lineage, /^enc-[0-9a-f-]{36}$/);
  assert.notEqual(a.encoder!.lineage, b.encoder!.lineage);
  assert.deepEqual([a.encoder!.iterations, b.encoder!.iterations], [2, 2]);

  const before = await readFile(join(second, 'decoder_b.weights'));
  const refused = (error: unknown) => {
    assert.ok(error instanceof PackError, String(error));
    assert.match(error.message, new RegExp(`refused: .* was trained on encoder lineage ${a.encoder!.lineage}, but the encoder of .*second is lineage ${b.encoder!.lineage}`));
    return true;
  };
  await assert.rejects(swapDecoder({ from: first, fromSide: 'b', to: second, toSide: 'b' }), refused);
  const exported = await exportDecoder({ modelDir: first, side: 'b', name: 'first-b', version: '1.0.0', store });
  assert.deepEqual(exported.manifest.encoder, a.encoder);
  await assert.rejects(importDecoder({ modelDir: second, side: 'b', manifest: exported.manifest, weights: await readFile(join(first, 'decoder_b.weights')) }), refused);
  assert.ok((await readFile(join(second, 'decoder_b.weights'))).equals(before), 'the refused model is untouched');
});

test('within a lineage: packs, seasons and --load-weights carry it; a decoder moves with a note of how far apart', async () => {
  const store = new PackStore(await tempDir('ff-home-'));
  const origin = join(await tempDir(), 'origin');
  const o = await trainTiny(origin, { iterations: 4 });
  const packed = await packEncoder({ modelDir: origin, name: 'tiny-lineage', version: '1.0.0', store });
  assert.deepEqual(packed.manifest.encoder, { lineage: o.encoder!.lineage, iterations: 4 });
  const stored = await store.resolve('encoder', 'tiny-lineage');
  const pack = { manifest: stored.manifest, weights: await store.readWeights(stored) };

  // Q trains its encoder 3 more iterations; R keeps it frozen; S takes it with --load-weights
  const q = join(await tempDir(), 'q');
  const r = join(await tempDir(), 'r');
  const s = join(await tempDir(), 's');
  assert.deepEqual((await trainTiny(q, { iterations: 3, encoderPack: pack, seed: 3 })).encoder, { lineage: o.encoder!.lineage, iterations: 7 });
  assert.deepEqual((await trainTiny(r, { iterations: 2, encoderPack: pack, freezeWeights: true, seed: 4 })).encoder, { lineage: o.encoder!.lineage, iterations: 4 });
  assert.deepEqual((await trainTiny(s, { iterations: 1, loadWeights: origin, seed: 5 })).encoder, { lineage: o.encoder!.lineage, iterations: 5 });
  // an encoder-lr-scale of 0 changes nothing either
  assert.deepEqual((await trainTiny(s, { iterations: 1, learningRateScales: { encoder: 0 } })).encoder!.iterations, 5);

  const newer = await swapDecoder({ from: q, fromSide: 'b', to: r, toSide: 'b' });
  assert.match(newer.note!, /decoder_b of .*q was trained against this encoder at 7 iterations, 3 further than the encoder of .*r \(4\)/);
  assert.equal((await readState(r))!.decoderTrainedAgainst?.decoder_b, 7);
  const older = await swapDecoder({ from: r, fromSide: 'a', to: q, toSide: 'a' });
  assert.match(older.note!, /decoder_a of .*r was last trained against this encoder at 4 iterations; the encoder is now at 7 \(3 further\)/);
  // the imported decoder, exported again, says what it was trained against; training catches it up
  assert.deepEqual((await exportDecoder({ modelDir: q, side: 'a', name: 'q-a', version: '1.0.0', store })).manifest.encoder, { lineage: o.encoder!.lineage, iterations: 4 });
  await trainTiny(q, { iterations: 1 });
  const caughtUp = (await readState(q))!;
  assert.equal(caughtUp.decoderTrainedAgainst, undefined);
  assert.deepEqual((await exportDecoder({ modelDir: q, side: 'a', name: 'q-a', version: '1.0.1', store })).manifest.encoder, { lineage: o.encoder!.lineage, iterations: 8 });

  const seasoned = await seasonEncoder({ modelDir: q, store });
  assert.equal(seasoned.manifest.version, '1.0.1');
  assert.deepEqual(seasoned.manifest.encoder, { lineage: o.encoder!.lineage, iterations: 8 });
});
