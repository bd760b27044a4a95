/**
 * Issue 22, "nothing lost, nothing mixed": each case a hostile user reproduced, shown fixed.
 * Spellings of a model folder, two writers on one model, a reader during a save, weights without
 * state.json, convert over its input. (The kill -9 loop is in crash-safety.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, copyFile, cp, mkdir, readdir, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWeights, tf } from '@faceforge/core';
import { FixedFaceLocator, boxFace, convert, loadTrainedModel } from '@faceforge/core/convert';
import { LOCK_FILE, ModelLockedError, decodeOptimizer, readState, resetParts, restoreBackup, train } from '@faceforge/core/train';
import { TINY_PLUGIN_DIR, runFaceforge, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();
const faces = await sampleFaces();
const CHILD = fileURLToPath(new URL('./train-child.js', import.meta.url));

// A private faceforge home with the tiny plugin linked, for the CLI runs.
const home = await tempDir('ff-faults-');
const env = { FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'), FACEFORGE_CACHE_DIR: join(home, 'cache') };
assert.equal((await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], env)).code, 0);

/** oclif wraps long error lines behind ' ›   ': join them back. */
const flat = (text: string) => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ');
const exists = (path: string) => access(path).then(() => true, () => false);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** sha256 of every file directly in `dir` (folders left out), by name. */
async function fileHashes(dir: string, keep: (name: string) => boolean = () => true): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (keep(name) && (await stat(join(dir, name))).isFile()) out[name] = sha(await readFile(join(dir, name)));
  }
  return out;
}
const weightsFiles = (name: string) => name.includes('.weights');

/** A tiny model trained 30 iterations with saves every 5: it has backups (state.json.bk). */
const baseModel = await tempDir('ff-faults-base-');
{
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, faces, baseModel, { iterations: 30, saveInterval: 5, batchSize: 8 }));
  assert.ok(await exists(join(baseModel, 'state.json.bk')), 'the base model has a backup');
}
const base = await fileHashes(baseModel);
const backupIterations = (JSON.parse(await readFile(join(baseModel, 'state.json.bk'), 'utf8')) as { iterations: number }).iterations;

/** The tiny model trained in one go in this process: what a run that nothing disturbed leaves. */
async function reference(iterations: number, saveInterval: number): Promise<string> {
  const dir = await tempDir('ff-faults-ref-');
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, faces, dir, { iterations, saveInterval }));
  return dir;
}

/** State and every weights file (parts, optimizer, backups) are those of the undisturbed run. */
async function assertSameModel(dir: string, referenceDir: string, iterations: number) {
  assert.equal((await readState(dir))?.iterations, iterations, 'state.json');
  assert.equal(decodeOptimizer(await readFile(join(dir, 'optimizer.weights')), 'optimizer.weights').step, iterations, 'optimizer step');
  assert.deepEqual(await fileHashes(dir, weightsFiles), await fileHashes(referenceDir, weightsFiles), 'weights files of the same iteration');
  assert.equal(await exists(join(dir, LOCK_FILE)), false, 'the lock is released');
}

/** Starts the crash tests' training child; `saved(n)` resolves when it has saved iteration n. */
function trainChild(args: { modelDir: string; iterations: number; saveInterval: number }, pauseMs: number) {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], {
    env: { ...process.env, FACEFORGE_TEST_COMMIT_PAUSE_MS: String(pauseMs) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const saved = async (iteration: number) => {
    while (!output.includes(`saved ${iteration}\n`)) {
      if (child.exitCode !== null) throw new Error(`the child exited before saving ${iteration}: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, exited, saved, output: () => output };
}

test('every spelling of a model folder gives the same result: restore and model reset (CLI)', async () => {
  const parent = await tempDir('ff-faults-spell-');
  const dir = join(parent, 'x');
  const spellings = ['x', 'x/', './x', dir, `../${basename(parent)}/x`];
  const restored: Array<Record<string, string>> = [];
  for (const spelled of spellings) {
    await rm(dir, { recursive: true, force: true });
    await cp(baseModel, dir, { recursive: true });
    // The first restore also finds the lock a killed trainer left: taken over, with a note.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    if (spelled === 'x') await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), started: '2026-12-01T10:00:00.000Z', command: 'train' }));
    const run = await runFaceforge(['restore', '-m', spelled], env, parent);
    assert.equal(run.code, 0, run.stderr);
    if (spelled === 'x') assert.match(flat(run.stderr), new RegExp(`warning: ${dir}: took over the lock of train \\(pid ${dead}, since 2026-12-01T10:00:00.000Z\\), which is no longer running`));
    assert.equal(await exists(join(dir, LOCK_FILE)), false);
    assert.match(run.stdout, new RegExp(`\\(iteration ${backupIterations}\\)`), spelled);
    const after = await fileHashes(dir);
    assert.equal(after['state.json'], base['state.json.bk'], `restore -m ${spelled} put the backup's state.json in place`);
    assert.equal(after['encoder.weights'], base['encoder.weights.bk'], `restore -m ${spelled} put the backup's encoder in place`);
    restored.push(after);
  }
  for (const result of restored) assert.deepEqual(result, restored[0]);

  const reset: Array<Record<string, string>> = [];
  for (const spelled of spellings) {
    await rm(dir, { recursive: true, force: true });
    await cp(baseModel, dir, { recursive: true });
    const run = await runFaceforge(['model', 'reset', '-m', spelled, '--part', 'decoder_b', '--seed', '5'], env, parent);
    assert.equal(run.code, 0, run.stderr);
    const after = await fileHashes(dir, weightsFiles);
    assert.notEqual(after['decoder_b.weights'], base['decoder_b.weights'], `model reset -m ${spelled} replaced decoder_b`);
    const [point] = await readdir(join(dir, 'restore_points'));
    assert.equal((await fileHashes(join(dir, 'restore_points', point!), (name) => name === 'decoder_b.weights'))['decoder_b.weights'], base['decoder_b.weights'], 'the model as it was is a restore point');
    assert.equal(after['decoder_b.weights.bk'], base['decoder_b.weights.bk'], 'the loss backup is left as it was');
    assert.equal(after['encoder.weights'], base['encoder.weights']);
    assert.equal((await readState(dir))?.lineage.at(-1)?.type, 'reset');
    reset.push(after);
  }
  for (const result of reset) assert.deepEqual(result, reset[0]);
});

test('a second writer is refused naming the holder, and the first finishes intact', async () => {
  const dir = await tempDir('ff-faults-two-');
  const expected = reference(15, 3);
  const first = trainChild({ modelDir: dir, iterations: 15, saveInterval: 3 }, 200);
  await first.saved(3);
  const holder = new RegExp(`being written by another process: train \\(pid ${first.child.pid} on ${hostname()}, since [0-9T:.Z-]+\\)`);

  const second = await runFaceforge(['train', '-A', faces.a, '-B', faces.b, '-m', dir, '-t', 'tiny', '-b', '4', '-i', '4', '-s', '2'], env);
  assert.equal(first.child.exitCode, null, 'the first trainer was still running when the second was refused');
  assert.equal(second.code, 1, second.stdout);
  assert.match(flat(second.stderr), holder);
  const forge = await tinyForge();
  for (const writer of [
    () => train(forge, tinyTrainOptions(forge, faces, dir, { iterations: 2 })),
    () => restoreBackup(dir),
    () => resetParts(forge, { modelDir: dir, parts: ['decoder_a'] }),
  ]) {
    const error = await writer().then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ModelLockedError, String(error));
    assert.match(error.message, holder);
  }

  assert.equal(await first.exited, 0, first.output());
  await assertSameModel(dir, await expected, 15);
});

/** sha256 of a loaded part's weights, as a weights file's header records it for its data. */
function loadedDigest(part: tf.LayersModel): string {
  const hash = createHash('sha256');
  for (const w of part.weights) {
    const data = w.read().dataSync() as Float32Array;
    hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return hash.digest('hex');
}

async function savedDigest(dir: string, part: string): Promise<string> {
  return decodeWeights(await readFile(join(dir, `${part}.weights`)), part).header.sha256;
}

test('a reader opening the model during saves reads, and leaves, state and weights of one iteration', async () => {
  const dir = await tempDir('ff-faults-reader-');
  const expected = reference(4, 2);
  const atTwo = await reference(2, 2);
  const writer = trainChild({ modelDir: dir, iterations: 4, saveInterval: 2 }, 300);
  await writer.saved(2);
  const forge = await tinyForge();
  let readsDuringSave = 0;
  while (writer.child.exitCode === null) {
    const saving = (await readdir(dir)).some((name) => name.includes('.tmp-') || name === '.commit-journal.json');
    // What convert does when it opens a model.
    const trained = await loadTrainedModel(forge, dir);
    const { iterations } = trained.state;
    assert.ok([2, 4].includes(iterations), `read iteration ${iterations}`);
    for (const [name, part] of Object.entries(trained.model.parts)) {
      assert.equal(loadedDigest(part), await savedDigest(iterations === 2 ? atTwo : await expected, name), `${name} read with state.json of iteration ${iterations}`);
    }
    trained.dispose();
    if (saving) readsDuringSave++;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  assert.ok(readsDuringSave >= 3, `the model was read ${readsDuringSave} times while the save of iteration 4 was in progress`);
  assert.equal(await writer.exited, 0, writer.output());
  await assertSameModel(dir, await expected, 4);
});

test('train refuses a folder with weights but no readable state.json; restore or --new are the ways out', async () => {
  const dir = await tempDir('ff-faults-nostate-');
  await cp(baseModel, dir, { recursive: true });
  await unlink(join(dir, 'state.json'));
  const before = await fileHashes(dir);
  const forge = await tinyForge();
  const refused = /refused: .* holds weights files \(decoder_a\.weights, decoder_a\.weights\.bk, .*\) but no state\.json, so it cannot be resumed, and a new model would overwrite what is there\. To recover the model: `faceforge restore -m .*` brings back the backup .* add --new, which first moves everything there into an archived_<date> folder/;
  await assert.rejects(train(forge, tinyTrainOptions(forge, faces, dir, { iterations: 2 })), refused);
  assert.deepEqual(await fileHashes(dir), before, 'nothing written');

  const cli = await runFaceforge(['train', '-A', faces.a, '-B', faces.b, '-m', dir, '-t', 'tiny', '-b', '4', '-i', '2', '-s', '2'], env);
  assert.equal(cli.code, 1);
  assert.match(flat(cli.stderr), refused);
  assert.doesNotMatch(cli.stderr, /at .*\.js:\d+/, 'a message, not a stack');
  assert.deepEqual(await fileHashes(dir), before, 'nothing written');

  await writeFile(join(dir, 'state.json'), '{"format": "faceforge-mo');
  await assert.rejects(train(forge, tinyTrainOptions(forge, faces, dir, { iterations: 2 })), /but an unreadable state\.json \(.*not valid JSON.*\)/);

  // --new: everything there moves into archived_<date>/, and a new model starts.
  const withState = await fileHashes(dir);
  const fresh = await runFaceforge(['train', '-A', faces.a, '-B', faces.b, '-m', dir, '-t', 'tiny', '-b', '4', '-i', '2', '-s', '2', '--new'], env);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.match(fresh.stderr, new RegExp(`--new: moved ${Object.keys(withState).length} file\\(s\\) of .* into .*archived_\\d{8}_\\d{6}; starting a new model`));
  const archives = (await readdir(dir)).filter((name) => name.startsWith('archived_'));
  assert.equal(archives.length, 1);
  assert.deepEqual(await fileHashes(join(dir, archives[0]!)), withState, 'the archive holds every file that was there');
  assert.equal((await readState(dir))?.iterations, 2);

  // restore: with the backup's state in place, train resumes from the backup.
  const other = await tempDir('ff-faults-restore-');
  await cp(baseModel, other, { recursive: true });
  await unlink(join(other, 'state.json'));
  assert.equal((await restoreBackup(other)).iterations, backupIterations);
  const resumed = await train(forge, tinyTrainOptions(forge, faces, other, { iterations: 2 }));
  assert.equal(resumed.state.iterations, backupIterations + 2);

  // --new where there is nothing to archive makes no archive.
  const empty = await tempDir('ff-faults-empty-');
  await train(forge, tinyTrainOptions(forge, faces, empty, { iterations: 2, startNew: true }));
  assert.deepEqual((await readdir(empty)).filter((name) => name.startsWith('archived_')), []);

  // Without a backup the message says so.
  const bare = await tempDir('ff-faults-bare-');
  await copyFile(join(baseModel, 'encoder.weights'), join(bare, 'encoder.weights'));
  await assert.rejects(train(forge, tinyTrainOptions(forge, faces, bare, { iterations: 2 })), /there is no backup to restore \(no state\.json\.bk\)/);
  assert.deepEqual(await readdir(bare), ['encoder.weights']);
});

test('convert refuses an output that is, contains or is inside its input, before anything is written', async () => {
  const parent = await tempDir('ff-faults-convert-');
  const input = join(parent, 'faces');
  await mkdir(input);
  for (const name of (await readdir(faces.a)).filter((n) => n.endsWith('.png')).slice(0, 3)) await copyFile(join(faces.a, name), join(input, name));
  const image = join(input, (await readdir(input))[0]!);
  await symlink(input, join(parent, 'link'));
  const before = await fileHashes(input);
  const forge = await tinyForge();
  const cases: Array<[input: string, output: string, relation: string]> = [
    [input, input, 'is'],
    [input, `${input}/`, 'is'],
    [input, join(parent, 'link'), 'is'],
    [join(parent, 'link'), join(input, 'swapped'), 'is inside'],
    [input, parent, 'contains'],
    [image, image, 'is'],
    [image, input, 'contains'],
  ];
  for (const [from, to, relation] of cases) {
    const run = convert(forge, { input: from, output: to, modelDir: baseModel, maskType: 'none', locator: new FixedFaceLocator([boxFace({ x: 0, y: 0, side: 64 }, 64)]) });
    await assert.rejects(run, new RegExp(`refused: the output ${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${relation} the input`), `${from} -> ${to}`);
    assert.deepEqual(await fileHashes(input), before, `${from} -> ${to}: the input is untouched`);
    assert.deepEqual((await readdir(parent)).sort(), ['faces', 'link'], `${from} -> ${to}: nothing written`);
  }

  // The CLI, with the spellings a user types.
  const alignments = join(baseModel, 'state.json'); // any file: the refusal comes before it is read
  for (const [from, to] of [['faces', './faces/'], [`faces/${basename(image)}`, `faces/${basename(image)}`]] as const) {
    const run = await runFaceforge(['convert', '-i', from, '-o', to, '-m', baseModel, '-a', alignments], env, parent);
    assert.equal(run.code, 1, run.stdout);
    assert.match(flat(run.stderr), /refused: the output .* is the input .*: converting would overwrite the source images/);
    assert.doesNotMatch(run.stderr, /EEXIST/);
  }
  assert.deepEqual(await fileHashes(input), before);
  assert.deepEqual((await readdir(input)).length, 3);
});
