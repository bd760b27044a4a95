/**
 * Restore points are sets (issue: `decoder swap`/`import` overwrote <part>.weights.bk, the lowest-loss
 * backup, so a later `restore` gave an encoder of one iteration and a decoder of another). The loss
 * backup stays one set; a replacement makes its own point; `restore --list` shows them and `--to`
 * picks one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { swapDecoder } from '@faceforge/core/packs';
import { LOSS_BACKUP_ID, readState, train } from '@faceforge/core/train';
import { runFaceforge, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();
const faces = await sampleFaces();
const MODEL_FILES = ['state.json', 'encoder.weights', 'decoder_a.weights', 'decoder_b.weights', 'optimizer.weights'];

async function hashes(dir: string, suffix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of MODEL_FILES) out[name] = createHash('sha256').update(await readFile(join(dir, name + suffix))).digest('hex');
  return out;
}

test('a decoder swap leaves the loss backup one set and makes its own restore point; restore --list and --to', async () => {
  const root = await tempDir('ff-restore-points-');
  const model = join(root, 'model');
  const donor = join(root, 'donor');
  // Six saves, with learning-rate high enough for the loss to fall: the trainer writes a loss backup.
  for (const [dir, seed] of [[model, 1], [donor, 2]] as const) {
    const forge = await tinyForge();
    await train(forge, tinyTrainOptions(forge, faces, dir, { iterations: 12, saveInterval: 2, seed }));
  }
  const backupBefore = await hashes(model, '.bk');
  const backupIteration = (JSON.parse(await readFile(join(model, 'state.json.bk'), 'utf8')) as { iterations: number }).iterations;
  const beforeSwap = await hashes(model);

  // the donor's encoder is another lineage: share it first by loading its encoder the way packs would
  const shared = join(root, 'shared');
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, faces, shared, { iterations: 4, saveInterval: 2, loadWeights: model, seed: 3 }));
  const swapped = await swapDecoder({ from: shared, fromSide: 'b', to: model, toSide: 'b' });
  assert.match(swapped.restorePoint, /^0000012_before-decoder-swap-of-decoder-b_\d{8}_\d{6}$/);
  assert.deepEqual(await hashes(model, '.bk'), backupBefore, 'the loss backup is untouched');
  assert.deepEqual(await hashes(join(model, 'restore_points', swapped.restorePoint)), beforeSwap, 'the restore point is the whole model as it was');

  const env = { FACEFORGE_HOME: join(root, 'home'), FACEFORGE_BACKEND: 'wasm' };
  const list = await runFaceforge(['restore', '-m', model, '--list'], env);
  assert.equal(list.code, 0, list.stderr);
  const lines = list.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, new RegExp(`^${LOSS_BACKUP_ID} +iteration +${backupIteration} .* lowest loss$`));
  assert.match(lines[1]!, new RegExp(`^${swapped.restorePoint} +iteration +12 .* before decoder-swap of decoder_b$`));

  // --to the point: exactly the model before the swap
  const toPoint = await runFaceforge(['restore', '-m', model, '--to', swapped.restorePoint], env);
  assert.equal(toPoint.code, 0, toPoint.stderr);
  assert.match(toPoint.stdout, new RegExp(`restored ${swapped.restorePoint}: .*\\(iteration 12\\)`));
  assert.deepEqual(await hashes(model), beforeSwap);
  // default: the loss backup, every file of one iteration
  const toBackup = await runFaceforge(['restore', '-m', model], env);
  assert.equal(toBackup.code, 0, toBackup.stderr);
  assert.deepEqual(await hashes(model), backupBefore);
  assert.equal((await readState(model))!.iterations, backupIteration);
  // by iteration, and a point that does not exist
  assert.equal((await runFaceforge(['restore', '-m', model, '--to', '12'], env)).code, 0);
  assert.deepEqual(await hashes(model), beforeSwap, '--to 12 is the newest point at iteration 12');
  const missing = await runFaceforge(['restore', '-m', model, '--to', 'nope'], env);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr.replace(/\s*›\s*/g, ' '), /no restore point 'nope'\. There are: lowest-loss \(iteration \d+\), 0000012_/);
  // every restore archived what it replaced
  assert.equal((await readdir(model)).filter((n) => n.startsWith('archived_')).length, 3);
});
