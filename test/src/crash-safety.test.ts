import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NonFiniteLossError, tf } from '@faceforge/core';
import { decodeOptimizer, openModelDir, readState, restoreBackup, train, loadModelParts } from '@faceforge/core/train';
import { sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();
const CHILD = fileURLToPath(new URL('./train-child.js', import.meta.url));

/** kill -9, then wait until the process is gone (a dying process still holds the model's lock). */
async function killHard(child: ReturnType<typeof spawn>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Starts a training child; resolves when `line` is printed, returning the process. */
function startChild(args: object, env: Record<string, string>, untilLine: RegExp) {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const reached = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (untilLine.test(output)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before ${untilLine}: ${output}`)));
  });
  return { child, reached, output: () => output };
}

async function loadsCleanly(dir: string) {
  const state = await openModelDir(dir);
  assert.ok(state, 'state.json readable');
  const forge = await tinyForge();
  const model = forge.models.get('tiny').build({
    tf, config: state.config['model.tiny'] ?? {}, learnMask: false, blocks: forge.blocks(state.seed), seed: state.seed,
    sharedEncoderModel: (await import('@faceforge/core')).sharedEncoderModel,
  });
  await loadModelParts(dir, model.parts);
  const leftovers = (await readdir(dir)).filter((n) => n.includes('.tmp-') || n.includes('journal'));
  assert.deepEqual(leftovers, [], 'recovery leaves no temp files or journal');
  return state;
}

test('kill -9 in the middle of a save leaves a loadable model (before and after the commit journal)', async () => {
  await sampleFaces();
  // While temp files are being written: the previous save must survive.
  const dir1 = await tempDir();
  const run1 = startChild({ modelDir: dir1, iterations: 8, saveInterval: 2 }, { FACEFORGE_TEST_COMMIT_PAUSE_MS: '400' }, /saving 4/);
  await run1.reached;
  await new Promise((r) => setTimeout(r, 500)); // inside the pauses between temp files
  await killHard(run1.child);
  const state1 = await loadsCleanly(dir1);
  assert.ok([2, 4].includes(state1.iterations), `iterations after the kill: ${state1.iterations}`);

  // After the journal: recovery completes the commit.
  const dir2 = await tempDir();
  const run2 = startChild({ modelDir: dir2, iterations: 8, saveInterval: 2 }, { FACEFORGE_TEST_COMMIT_PAUSE_MS: '300' }, /saving 2/);
  await run2.reached;
  // Kill as soon as the journal exists: the commit pauses 300 ms after writing it, before any rename.
  // Polling (not a fixed delay) keeps this deterministic on a loaded machine.
  while (!(await readdir(dir2)).includes('.commit-journal.json')) await new Promise((r) => setTimeout(r, 10));
  await killHard(run2.child);
  const state2 = await loadsCleanly(dir2);
  assert.equal(state2.iterations, 2, 'the journalled first save is completed on load');
});

/** The model files a save writes (the .bk backups depend on where saves fell, so they are left out). */
async function modelBytes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of ['encoder.weights', 'decoder_a.weights', 'decoder_b.weights', 'optimizer.weights']) out[name] = (await readFile(join(dir, name))).toString('base64');
  return out;
}

test('kill -9 loop: 20 kills during saves, each followed by a resume, 0 failures; the model ends as an undisturbed run', async (t) => {
  const TRIALS = 20;
  // Bounded: a trial is a child start (about 2 s here) and a save; the whole loop must stay well inside this.
  const deadline = Date.now() + 300_000;
  const dir = await tempDir();
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, await sampleFaces(), dir, { iterations: 2, saveInterval: 2 }));
  const outcomes = { beforeJournal: 0, afterJournal: 0 };
  for (let trial = 0; trial < TRIALS; trial++) {
    const before = (await readState(dir))!.iterations;
    // Each file of a commit pauses 60 ms: a save of 9 to 18 files lasts 0.6 to 1.2 s, so the kill lands inside it.
    const run = startChild({ modelDir: dir, iterations: 4, saveInterval: 2 }, { FACEFORGE_TEST_COMMIT_PAUSE_MS: '60' }, /saving \d+/);
    await run.reached;
    if (trial % 2 === 1) {
      // Odd trials: between the journal and the renames.
      while (run.child.exitCode === null && !(await readdir(dir)).includes('.commit-journal.json')) await new Promise((r) => setTimeout(r, 5));
    } else {
      // Even trials: somewhere while the temp files are written.
      await new Promise((r) => setTimeout(r, (trial * 97) % 500));
    }
    await killHard(run.child);
    const state = await loadsCleanly(dir);
    assert.ok([before, before + 2].includes(state.iterations), `trial ${trial}: iterations ${before} -> ${state.iterations}`);
    const optimizer = decodeOptimizer(await readFile(join(dir, 'optimizer.weights')), 'optimizer.weights');
    assert.equal(optimizer.step, state.iterations, `trial ${trial}: the optimizer is of the same save as state.json`);
    outcomes[state.iterations === before ? 'beforeJournal' : 'afterJournal']++;
    assert.ok(Date.now() < deadline, `trial ${trial} ran past the time bound`);
  }
  t.diagnostic(`kills before the journal (previous save kept): ${outcomes.beforeJournal}, after it (save completed by recovery): ${outcomes.afterJournal}`);
  assert.ok(outcomes.beforeJournal >= 4 && outcomes.afterJournal >= 4, `kills landed on both sides of the journal: ${JSON.stringify(outcomes)}`);

  // The last resume runs to its end; the result is bit for bit an uninterrupted run of as many iterations.
  const last = startChild({ modelDir: dir, iterations: 4, saveInterval: 2 }, {}, /done/);
  await last.reached;
  const final = (await loadsCleanly(dir)).iterations;
  const reference = await tempDir();
  await train(forge, tinyTrainOptions(forge, await sampleFaces(), reference, { iterations: final, saveInterval: 2 }));
  assert.deepEqual(await modelBytes(dir), await modelBytes(reference));
});

test('an injected NaN stops training before the poisoned step, naming the loss, with the last save intact', async () => {
  const forge = await tinyForge();
  const dir = await tempDir();
  // A plugin that poisons the mse term of side B at iteration 5.
  let iteration = 0;
  forge.hooks.afterStep.tap('counter', (step) => (iteration = step.iteration));
  forge.hooks.computeLoss.tap({ name: 'poison', stage: 10 }, (loss, context) => {
    if (!loss || context.side !== 'b' || iteration !== 4) return loss;
    const poisoned = tf.mul(loss.terms.mse!, NaN) as tf.Scalar;
    return { total: tf.add(loss.total, poisoned) as tf.Scalar, terms: { ...loss.terms, mse: poisoned } };
  });
  const error = await train(forge, tinyTrainOptions(forge, await sampleFaces(), dir, { iterations: 8, saveInterval: 2 })).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof NonFiniteLossError, String(error));
  assert.equal(error.iteration, 5);
  assert.match(error.message, /side B/);
  assert.match(error.message, /mse=NaN/);
  const state = await readState(dir);
  assert.equal(state?.iterations, 4, 'the last good save (iteration 4) is what is on disk');
  await loadsCleanly(dir);
});

test('restore rolls back to the backup and archives the current files', async () => {
  const dir = await tempDir();
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, await sampleFaces(), dir, { iterations: 30, saveInterval: 5, batchSize: 8 }));
  const before = await readState(dir);
  const backups = (await readdir(dir)).filter((n) => n.endsWith('.bk'));
  assert.ok(backups.includes('state.json.bk'), 'the loss fell, so there is a backup');
  const result = await restoreBackup(dir);
  const after = await readState(dir);
  assert.ok(after!.iterations <= before!.iterations);
  assert.equal(result.iterations, after!.iterations);
  assert.ok((await readdir(result.archive)).includes('encoder.weights'), 'replaced files are archived');
  await loadsCleanly(dir);
  await assert.rejects(restoreBackup(await tempDir()), /no backup/);
});
