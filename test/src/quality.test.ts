// Identity validation while training, snapshot ranking and retention, and checkpoint fusion, on the tiny model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { decodeWeights } from '@faceforge/packs';
import { fuseModels, identityScore, rankSnapshots, readState, train, validateModelDir } from '@faceforge/core/train';
import { FixedFaceLocator, boxFace, convert } from '@faceforge/core/convert';
import { FRANCK_FACE_BOX, TINY_PLUGIN_DIR, recordingLogger, sampleClip, runFaceforge, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();

test('validation every N iterations holds faces out of training and records identity figures in state.json; --keep-best keeps the best snapshot', async () => {
  const log = recordingLogger();
  const forge = await tinyForge(log);
  const faces = await sampleFaces();
  const root = await tempDir();
  const dir = join(root, 'model');
  await train(forge, tinyTrainOptions(forge, faces, dir, { iterations: 4, saveInterval: 2, snapshotInterval: 2, validation: { every: 2 }, keepBest: 1 }));
  const state = (await readState(dir))!;
  // 30 plain crops per side: the last 15 % by file name (5) are held out, 25 train
  assert.equal(state.validationSet?.from, 'file-name');
  assert.deepEqual(state.validationSet?.faces, { a: 5, b: 5 });
  assert.deepEqual(state.validationSet!.heldOutFiles.a.map((f) => basename(f)), ['franck_0026.png', 'franck_0027.png', 'franck_0028.png', 'franck_0029.png', 'franck_0030.png']);
  assert.deepEqual(state.sessions[0]!.identities!.map((i) => i.faces), [25, 25]);
  assert.equal(state.validationSet!.means.a.length, 128);
  // the untouched originals sit near their own person's mean
  assert.ok(state.validationSet!.originals.a.toA < state.validationSet!.originals.a.toB);
  assert.ok(state.validationSet!.originals.b.toB < state.validationSet!.originals.b.toA);

  assert.deepEqual(state.validation!.map((r) => r.iteration), [2, 4]);
  for (const r of state.validation!) {
    for (const figures of [r.aToB, r.bToA, r.aToA, r.bToB]) {
      assert.ok(figures.toA > 0 && figures.toA < 2 && figures.toB > 0 && figures.toB < 2, JSON.stringify(figures));
      assert.ok([0, 0.2, 0.4, 0.6, 0.8, 1].some((v) => Math.abs(v - figures.nearerB) < 1e-9), `share of 5 faces: ${figures.nearerB}`);
    }
    assert.ok(r.ssim.a > -1 && r.ssim.a < 1 && r.ssim.b > -1 && r.ssim.b < 1);
    assert.equal(r.score, identityScore(r));
  }
  assert.equal(log.lines.filter((l) => l.startsWith('validation @')).length, 2);

  // keep-best 1: of the snapshots at 2 and 4, the one with the better score stays
  const snapshots = (await readdir(root)).filter((n) => n.includes('_snapshot_'));
  const bestIteration = state.validation!.reduce((p, q) => (q.score > p.score ? q : p)).iteration;
  assert.deepEqual(snapshots, [`model_snapshot_${bestIteration}_iters`]);
  const ranked = await rankSnapshots(dir);
  assert.equal(ranked[0]!.validation!.iteration, bestIteration);

  // analyze prints the figures and draws them under the loss
  const analyze = await runFaceforge(['analyze', '-m', dir]);
  assert.equal(analyze.code, 0, analyze.stderr);
  assert.match(analyze.stdout, /validation: 2 passes on 5 A and 5 B held-out faces/);
  assert.match(analyze.stdout, /latest validation @4: A>B to A \d\.\d{3} to B \d\.\d{3}/);
  const png = await readFile(join(dir, 'loss_graph.png'));
  assert.equal(png.readUInt32BE(20), 400 + 320, 'the loss graph has the validation panel under it');
});

test('held-out folders the user gives are validated on, and every face of the inputs trains', async () => {
  const forge = await tinyForge();
  const faces = await sampleFaces();
  const other = await sampleFaces(12);
  const root = await tempDir();
  const heldOut = { a: join(root, 'held-a'), b: join(root, 'held-b') };
  for (const side of ['a', 'b'] as const) {
    await mkdir(heldOut[side]);
    for (const name of (await readdir(other[side])).filter((n) => n.endsWith('.png')).slice(0, 3)) await copyFile(join(other[side], name), join(heldOut[side], name));
  }
  const dir = join(root, 'model');
  await train(forge, tinyTrainOptions(forge, faces, dir, { iterations: 2, saveInterval: 2, validation: { every: 2, folders: heldOut } }));
  const state = (await readState(dir))!;
  assert.equal(state.validationSet!.from, 'folder');
  assert.deepEqual(state.validationSet!.faces, { a: 3, b: 3 });
  assert.deepEqual(state.sessions[0]!.identities!.map((i) => i.faces), [30, 30]);
  assert.equal(state.validation!.length, 1);
});

test('snapshots fuse averages the weights of the K best snapshots, and the fused model validates', async () => {
  const forge = await tinyForge();
  const faces = await sampleFaces();
  const root = await tempDir();
  const dir = join(root, 'model');
  await train(forge, tinyTrainOptions(forge, faces, dir, { iterations: 6, saveInterval: 2, snapshotInterval: 2, validation: { every: 2 } }));
  const ranked = await rankSnapshots(dir);
  assert.deepEqual(ranked.map((s) => s.iterations).sort(), [2, 4, 6]);
  for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1]!.validation!.score >= ranked[i]!.validation!.score);

  // the CLI finds the tiny plugin as a user would: linked
  const env = { FACEFORGE_DATA_DIR: join(root, 'data'), FACEFORGE_CONFIG_DIR: join(root, 'config'), FACEFORGE_CACHE_DIR: join(root, 'cache') };
  assert.equal((await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], env)).code, 0);
  const rank = await runFaceforge(['snapshots', 'rank', '-m', dir], env);
  assert.equal(rank.code, 0, rank.stderr);
  assert.match(rank.stdout, new RegExp(`1  ${basename(ranked[0]!.dir)}`));

  const fusedDir = join(root, 'fused');
  const fuse = await runFaceforge(['snapshots', 'fuse', '-m', dir, '--top', '3', '-o', fusedDir], env);
  assert.equal(fuse.code, 0, fuse.stderr);
  assert.match(fuse.stdout, /fused top 3/);
  assert.match(fuse.stdout, /fused (beats|does not beat) the best single snapshot by identity score/);
  for (const part of ['encoder', 'decoder_a', 'decoder_b']) {
    const file = `${part}.weights`;
    const sources = await Promise.all(ranked.map(async (s) => decodeWeights(await readFile(join(s.dir, file)), file).tensors));
    const fused = decodeWeights(await readFile(join(fusedDir, file)), file).tensors;
    assert.equal(fused.size, sources[0]!.size);
    for (const [name, tensor] of fused) {
      assert.deepEqual(tensor.shape, sources[0]!.get(name)!.shape);
      for (let i = 0; i < tensor.data.length; i++) {
        const mean = (sources[0]!.get(name)!.data[i]! + sources[1]!.get(name)!.data[i]! + sources[2]!.get(name)!.data[i]!) / 3;
        assert.ok(Math.abs(tensor.data[i]! - mean) < 1e-6, `${part} ${name}[${i}]: ${tensor.data[i]} is not the mean ${mean}`);
      }
    }
  }
  const fusedState = (await readState(fusedDir))!;
  assert.equal(fusedState.validation!.length, 1);
  assert.ok(Number.isFinite(fusedState.validation![0]!.score));
  assert.deepEqual(fusedState.lineage.at(-1)!.from, ranked.map((s) => s.dir));
  // the fused model trains on (fresh optimizer) and validates again on the recorded held-out faces
  const again = await validateModelDir(forge, fusedDir);
  assert.ok(Math.abs(again.score - fusedState.validation![0]!.score) < 1e-6, 'validation is deterministic');
  await assert.rejects(fuseModels([ranked[0]!.dir], join(root, 'one')), /at least 2 models/);
  await assert.rejects(fuseModels(ranked.map((s) => s.dir), fusedDir), /already holds a model/);
});

test('convert measures a sample of its swapped faces against the means the validation recorded, within its time budget', async () => {
  const forge = await tinyForge();
  const faces = await sampleFaces();
  const root = await tempDir();
  const validated = join(root, 'validated');
  const plain = join(root, 'plain');
  await train(forge, tinyTrainOptions(forge, faces, validated, { iterations: 2, saveInterval: 2, validation: { every: 2 } }));
  await train(forge, tinyTrainOptions(forge, faces, plain, { iterations: 2, saveInterval: 2 }));
  const clip = await sampleClip({ seconds: 1.5 });
  const run = (modelDir: string, output: string) => convert(forge, {
    input: clip, modelDir, output: join(root, output), writer: 'png', maskType: 'none', batchSize: 4,
    locator: new FixedFaceLocator([boxFace(FRANCK_FACE_BOX, 64)]),
  });
  const result = await run(validated, 'out-validated');
  const identity = result.identity!;
  assert.ok(identity.sampled >= 1 && identity.sampled <= result.faces, `${identity.sampled} of ${result.faces}`);
  assert.ok(identity.toA > 0 && identity.toA < 2 && identity.toB > 0 && identity.toB < 2);
  assert.ok(Math.abs(identity.share - identity.seconds / result.seconds) < 1e-9);
  // the first face is always measured; after it, describing waits while it has used 4 % of the time so far
  if (identity.sampled > 1) assert.ok(identity.share < 0.1, `identity sampling took ${(identity.share * 100).toFixed(1)}% of the conversion`);
  assert.equal((await run(plain, 'out-plain')).identity, undefined, 'no validation means, no identity figures');
});
