import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { commitFiles, readOneSave, recoverCommit } from './commit-files.js';
import { tempPathFor, writeFileAtomic, writeTempFile } from './atomic.js';

const JOURNAL = '.commit-journal.json';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'faceforge-commit-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

test('tempPathFor names a hidden, unique temp file next to the target', () => {
  const a = tempPathFor('/m/model/encoder.weights');
  const b = tempPathFor('/m/model/encoder.weights');
  assert.match(a, new RegExp(`^/m/model/\\.encoder\\.weights\\.tmp-${process.pid}-\\d+$`));
  assert.notEqual(a, b);
});

test('commitFiles writes every file, replaces old ones, and leaves no temp file or journal', async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, 'state.json'), 'old state');
    await writeFile(join(dir, 'keep.txt'), 'untouched');
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await commitFiles(dir, { 'encoder.weights': bytes, 'decoder_a.weights': 'A', 'state.json': '{"iteration":10}' });
    assert.deepEqual((await readdir(dir)).sort(), ['decoder_a.weights', 'encoder.weights', 'keep.txt', 'state.json']);
    assert.deepEqual([...(await readFile(join(dir, 'encoder.weights')))], [0, 1, 2, 250, 255]);
    assert.equal(await readFile(join(dir, 'decoder_a.weights'), 'utf8'), 'A');
    assert.equal(await readFile(join(dir, 'state.json'), 'utf8'), '{"iteration":10}');
    assert.equal(await readFile(join(dir, 'keep.txt'), 'utf8'), 'untouched');
    // A clean folder needs no recovery and recovery changes nothing.
    const before = await contents(dir);
    assert.equal(await recoverCommit(dir), false);
    assert.deepEqual(await contents(dir), before);
  });
});

test('commitFiles creates the folder when it does not exist yet', async () => {
  await withDir(async (root) => {
    const dir = join(root, 'new-model');
    await commitFiles(dir, { 'state.json': '{}' });
    assert.deepEqual(await contents(dir), { 'state.json': '{}' });
  });
});

test('a crash after the journal was written: recoverCommit completes the renames and returns true', async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, 'encoder.weights'), 'old encoder');
    await writeFile(join(dir, 'state.json'), 'old state');
    // What commitFiles does before its renames: fsynced temps, then the journal.
    const files = { 'encoder.weights': 'new encoder', 'decoder_b.weights': 'new decoder', 'state.json': 'new state' };
    const renames: Array<[string, string]> = [];
    for (const [name, data] of Object.entries(files)) {
      const temp = await writeTempFile(join(dir, name), data);
      renames.push([temp.slice(dir.length + 1), name]);
    }
    await writeFileAtomic(join(dir, JOURNAL), JSON.stringify({ renames }));
    // The kill happened after one rename already ran.
    const { rename } = await import('node:fs/promises');
    await rename(join(dir, renames[0]![0]), join(dir, renames[0]![1]));
    assert.equal((await readdir(dir)).filter((n) => n.includes('.tmp-')).length, 2);

    assert.equal(await recoverCommit(dir), true);
    assert.deepEqual(await contents(dir), {
      'decoder_b.weights': 'new decoder', 'encoder.weights': 'new encoder', 'state.json': 'new state',
    });
    // A second recovery finds nothing to do.
    assert.equal(await recoverCommit(dir), false);
  });
});

test('a crash before the journal: recoverCommit removes the stray temps and the old files stay', async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, 'encoder.weights'), 'old encoder');
    await writeFile(join(dir, 'state.json'), 'old state');
    await writeTempFile(join(dir, 'encoder.weights'), 'half-new encoder');
    await writeTempFile(join(dir, 'state.json'), 'new state');
    // A temp from another (killed) process, and files that merely look similar.
    await writeFile(join(dir, '.state.json.tmp-99999-7'), 'other process');
    await writeFile(join(dir, 'notes.tmp-1-2'), 'not hidden: kept');
    await writeFile(join(dir, '.hidden-config'), 'kept');
    assert.equal((await readdir(dir)).length, 7);

    assert.equal(await recoverCommit(dir), false);
    assert.deepEqual(await contents(dir), {
      '.hidden-config': 'kept', 'encoder.weights': 'old encoder', 'notes.tmp-1-2': 'not hidden: kept', 'state.json': 'old state',
    });
  });
});

test('recoverCommit on a missing folder does nothing', async () => {
  assert.equal(await recoverCommit(join(tmpdir(), `faceforge-missing-${process.pid}-${Date.now()}`)), false);
});

test('writeFileAtomic replaces the content, creates folders, and leaves no temp', async () => {
  await withDir(async (dir) => {
    const path = join(dir, 'sub', 'deeper', 'file.txt');
    await writeFileAtomic(path, 'first');
    assert.equal(await readFile(path, 'utf8'), 'first');
    await writeFileAtomic(path, new Uint8Array([104, 105]));
    assert.equal(await readFile(path, 'utf8'), 'hi');
    await writeFileAtomic(path, 'a much longer third version of the file');
    assert.equal(await readFile(path, 'utf8'), 'a much longer third version of the file');
    assert.deepEqual(await readdir(join(dir, 'sub', 'deeper')), ['file.txt']);
  });
});

test('writeTempFile writes the data to a hidden temp next to the target and leaves the target alone', async () => {
  await withDir(async (dir) => {
    await mkdir(join(dir, 'm'));
    await writeFile(join(dir, 'm', 'x.bin'), 'old');
    const temp = await writeTempFile(join(dir, 'm', 'x.bin'), 'new');
    assert.ok(temp.startsWith(join(dir, 'm', '.x.bin.tmp-')));
    assert.equal(await readFile(temp, 'utf8'), 'new');
    assert.equal(await readFile(join(dir, 'm', 'x.bin'), 'utf8'), 'old');
  });
});

test('commitFiles renames every file for every spelling of the folder (x, x/, ./x, absolute, through ..)', async () => {
  await withDir(async (root) => {
    const dir = join(root, 'x');
    const rel = relative(process.cwd(), dir);
    const spellings = [rel, `${rel}/`, `./${rel}`, dir, `${dir}/`, `${root}/../${basename(root)}/x`, `${root}/./x/`];
    for (const [i, spelled] of spellings.entries()) {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
      await writeFile(join(dir, 'state.json'), 'old');
      await commitFiles(spelled, { 'encoder.weights': `new ${i}`, 'state.json': `state ${i}` });
      assert.deepEqual(await contents(dir), { 'encoder.weights': `new ${i}`, 'state.json': `state ${i}` }, `spelled ${spelled}`);
    }
  });
});

test('readOneSave reads again when a save was committed meanwhile, and gives up after a few attempts', async () => {
  await withDir(async (dir) => {
    await commitFiles(dir, { 'encoder.weights': 'iteration 1', 'state.json': '1' });
    let calls = 0;
    const read = async () => {
      const weights = await readFile(join(dir, 'encoder.weights'), 'utf8');
      // A trainer beside the reader commits its next save after the weights were read, the first time.
      if (++calls === 1) await commitFiles(dir, { 'encoder.weights': 'iteration 2', 'state.json': '2' });
      return { weights, state: await readFile(join(dir, 'state.json'), 'utf8') };
    };
    assert.deepEqual(await readOneSave(dir, read), { weights: 'iteration 2', state: '2' });
    assert.equal(calls, 2);

    let saves = 2;
    const busy = () => commitFiles(dir, { 'state.json': String(++saves) });
    await assert.rejects(readOneSave(dir, busy), new RegExp(`${dir}: a save was committed during each of 5 attempts`));
    assert.equal(saves, 7);
  });
});
