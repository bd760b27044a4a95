// Lineage records what actually trained what: a frozen session is no encoder training; a decoder
// pack lists only its own side's faces and says where its weights started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { exportDecoder, packEncoder, seasonEncoder, swapDecoder } from '@faceforge/core/packs';
import { readState, train, type TrainOptions } from '@faceforge/core/train';
import { PackStore, lineageStart } from '@faceforge/packs';
import { sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();

async function trainTiny(faces: { a: string; b: string }, modelDir: string, overrides: Partial<TrainOptions>) {
  const forge = await tinyForge();
  return train(forge, tinyTrainOptions(forge, faces, modelDir, overrides));
}

test('sessions with --freeze-weights or an encoder learning rate of 0 are not encoder training; decoders count them, each with its own side\'s faces', async () => {
  const faces = await sampleFaces();
  const store = new PackStore(await tempDir('ff-lineage-home-'));
  const model = join(await tempDir('ff-lineage-'), 'alice_bob');
  await trainTiny(faces, model, { iterations: 3 });
  await trainTiny(faces, model, { iterations: 2, freezeWeights: true });
  await trainTiny(faces, model, { iterations: 1, learningRateScales: { encoder: 0 } });
  await trainTiny(faces, model, { iterations: 4 });
  const state = (await readState(model))!;
  assert.deepEqual(state.sessions.map((s) => s.trainedParts), [
    ['encoder', 'decoder_a', 'decoder_b'], ['decoder_a', 'decoder_b'], ['decoder_a', 'decoder_b'], ['encoder', 'decoder_a', 'decoder_b'],
  ]);

  const encoder = (await packEncoder({ modelDir: model, name: 'enc', version: '1.0.0', store })).manifest;
  assert.deepEqual(encoder.lineage.sessions.map((s) => s.iterations), [3, 4], 'the frozen sessions are not in the encoder\'s lineage');
  assert.deepEqual(encoder.lineage.sessions[0]!.identities.map((id) => id.label), ['a', 'b']);
  assert.equal(lineageStart(encoder), 'started from fresh (randomly initialised) weights');

  const decoder = (await exportDecoder({ modelDir: model, side: 'b', name: 'dec', version: '1.0.0', store })).manifest;
  assert.deepEqual(decoder.lineage.sessions.map((s) => s.iterations), [3, 2, 1, 4], 'the decoder trained in every session');
  assert.ok(decoder.lineage.sessions.every((s) => s.identities.length === 1 && s.identities[0]!.label === 'b'), 'only side B\'s faces');
  assert.equal(decoder.lineage.parent, undefined);
  assert.equal(decoder.lineage.origin, undefined);
  assert.doesNotMatch(lineageStart(decoder), /scratch/);

  // frozen sessions since packing leave nothing to season; a session that trains the encoder does
  await trainTiny(faces, model, { iterations: 2, freezeWeights: true });
  await assert.rejects(seasonEncoder({ modelDir: model, store }), /the encoder has not trained since it was packed as enc@1\.0\.0 \(sessions with --freeze-weights/);
  await trainTiny(faces, model, { iterations: 1 });
  const seasoned = (await seasonEncoder({ modelDir: model, store })).manifest;
  assert.equal(seasoned.lineage.parent, 'enc@1.0.0');
  assert.deepEqual(seasoned.lineage.sessions.map((s) => s.iterations), [3, 4, 1]);
});

test('a decoder swapped in from another model says where it came from; an encoder from --load-weights too', async () => {
  const faces = await sampleFaces();
  const store = new PackStore(await tempDir('ff-lineage-home-'));
  const root = await tempDir('ff-lineage-');
  const first = join(root, 'first');
  await trainTiny(faces, first, { iterations: 2 });
  const second = join(root, 'second');
  await trainTiny(faces, second, { iterations: 3, loadWeights: first });
  await swapDecoder({ from: first, fromSide: 'a', to: second, toSide: 'b' });
  await trainTiny(faces, second, { iterations: 1 });

  const decoder = (await exportDecoder({ modelDir: second, side: 'b', store })).manifest;
  assert.equal(decoder.lineage.origin, `decoder_a of ${first} (decoder swap)`);
  assert.deepEqual(decoder.lineage.sessions.map((s) => s.iterations), [1], 'only the sessions since the swap');
  assert.equal(lineageStart(decoder), `started from decoder_a of ${first} (decoder swap)`);

  const encoder = (await packEncoder({ modelDir: second, name: 'second-enc', version: '1.0.0', store })).manifest;
  assert.equal(encoder.lineage.origin, `the encoder of ${first} (--load-weights, 2 iterations there)`);
  assert.deepEqual(encoder.lineage.sessions.map((s) => s.iterations), [3, 1]);
});
