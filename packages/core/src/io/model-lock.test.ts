import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { access, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE, ModelLockedError, acquireModelLock, holdsModelLock, liveModelWriter, withModelLock } from './model-lock.js';
import { commitFiles, settleCommit } from './commit-files.js';
import { writeFileAtomic, writeTempFile } from './atomic.js';

const exists = (path: string) => access(path).then(() => true, () => false);
const folder = () => mkdtemp(join(tmpdir(), 'faceforge-lock-'));

/** The pid of a process that has exited: what a kill -9 leaves in a lock. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function notes() {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m: string) => warnings.push(m) };
}

test('a lock names its holder; a second writer is refused naming pid, host, start time and command', async () => {
  const dir = await folder();
  const lock = await acquireModelLock(dir, 'train');
  const holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
  assert.deepEqual({ ...holder, started: undefined }, { pid: process.pid, host: hostname(), started: undefined, command: 'train' });
  assert.ok(holdsModelLock(dir) && holdsModelLock(`${dir}/`), 'any spelling of the folder');
  assert.deepEqual(await liveModelWriter(dir), holder);

  const refused = await acquireModelLock(dir, 'restore').then(() => undefined, (e: unknown) => e);
  assert.ok(refused instanceof ModelLockedError);
  assert.deepEqual(refused.holder, holder);
  assert.match(refused.message, new RegExp(`being written by another process: train \\(pid ${process.pid} on ${hostname()}, since ${holder.started}\\)`));
  assert.match(refused.message, new RegExp(`delete ${join(dir, LOCK_FILE)}`));

  await lock.release();
  assert.equal(await exists(join(dir, LOCK_FILE)), false);
  assert.equal(holdsModelLock(dir), false);
  assert.deepEqual(await readdir(dir), [], 'no private lock files left');
  await withModelLock(dir, 'restore', async () => assert.equal((await liveModelWriter(dir))?.command, 'restore'));
  assert.equal(await liveModelWriter(dir), undefined);
});

test('a lock whose process is dead on this host is taken over with a note; one from another host is not', async () => {
  const dir = await folder();
  const pid = deadPid();
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'train' }));
  assert.equal(await liveModelWriter(dir), undefined, 'a stale lock is no live writer');
  const log = notes();
  const lock = await acquireModelLock(dir, 'model reset', log);
  assert.equal(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
  assert.deepEqual(log.warnings, [`${dir}: took over the lock of train (pid ${pid}, since 2026-01-01T00:00:00.000Z), which is no longer running`]);
  await lock.release();

  // The pid lives on, but in a process started after the lock was taken: pids are reused.
  const reused = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: reused.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'train' }));
  if (process.platform === 'linux') assert.equal(await liveModelWriter(dir), undefined, 'a reused pid is no live writer');
  reused.kill('SIGKILL');

  await writeFile(join(dir, LOCK_FILE), 'not json');
  const replaced = notes();
  await (await acquireModelLock(dir, 'train', replaced)).release();
  assert.deepEqual(replaced.warnings, [`${dir}: replaced an unreadable lock file`]);

  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid, host: 'render-farm-7', started: '2026-01-01T00:00:00.000Z', command: 'train' }));
  await assert.rejects(acquireModelLock(dir, 'train'), /train \(pid \d+ on render-farm-7, since 2026-01-01T00:00:00.000Z\)[^]*on render-farm-7, delete/);
});

test('of ten writers that find the same stale lock at once, exactly one takes it over', async () => {
  const dir = await folder();
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), started: 'then', command: 'train' }));
  const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => acquireModelLock(dir, `writer ${i}`)));
  const won = results.filter((r) => r.status === 'fulfilled');
  assert.equal(won.length, 1);
  for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof ModelLockedError, String(r.reason));
  const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireModelLock>>>).value;
  assert.equal(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).command, winner.holder.command);
  await winner.release();
  assert.deepEqual(await readdir(dir), [], 'no guard or private files left');
});

test('a folder made to hold the lock goes again when nothing was written; a process that exits frees its lock', async () => {
  const root = await folder();
  const dir = join(root, 'new-model');
  await (await acquireModelLock(dir, 'train')).release();
  assert.equal(await exists(dir), false);

  const module = fileURLToPath(new URL('./model-lock.js', import.meta.url));
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `import { acquireModelLock } from ${JSON.stringify(module)}; await acquireModelLock(${JSON.stringify(root)}, 'train'); process.exit(3);`]);
  assert.equal(child.status, 3, String(child.stderr));
  assert.equal(await exists(join(root, LOCK_FILE)), false);
});

/** A live process of this host that holds `dir` (as another faceforge would): resolves to a stop function. */
async function liveHolder(dir: string) {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, host: hostname(), started: new Date().toISOString(), command: 'train' }));
  return () => child.kill('SIGKILL');
}

test("a reader never touches a live writer's temp files; a dead writer's are cleaned up", async () => {
  const dir = await folder();
  await writeFile(join(dir, 'state.json'), 'old');
  const temp = await writeTempFile(join(dir, 'encoder.weights'), 'half-written by the live writer');
  const stop = await liveHolder(dir);
  await settleCommit(dir);
  assert.equal(await exists(temp), true, 'the live writer keeps its temp file');
  stop();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await settleCommit(dir);
  assert.deepEqual((await readdir(dir)).sort(), ['state.json'], 'a dead writer leaves nothing behind, the lock included');
});

test("a reader waits for a live writer's renames to finish, then reads one iteration", async () => {
  const dir = await folder();
  await commitFiles(dir, { 'encoder.weights': 'iteration 1', 'state.json': '1' });
  const stop = await liveHolder(dir);
  // The writer is between its journal and its renames.
  const renames: Array<[string, string]> = [];
  for (const [name, data] of Object.entries({ 'encoder.weights': 'iteration 2', 'state.json': '2' })) {
    renames.push([(await writeTempFile(join(dir, name), data)).slice(dir.length + 1), name]);
  }
  await writeFileAtomic(join(dir, '.commit-journal.json'), JSON.stringify({ renames }));
  const order: string[] = [];
  const writer = (async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const [temp, name] of renames) await rename(join(dir, temp), join(dir, name));
    // Noted before the journal goes: the reader may see it gone before this function resumes.
    order.push('writer renamed');
    await rm(join(dir, '.commit-journal.json'));
  })();
  await settleCommit(dir);
  order.push('reader read');
  assert.deepEqual(order, ['writer renamed', 'reader read']);
  assert.equal(await readFile(join(dir, 'state.json'), 'utf8'), '2');
  assert.equal(await readFile(join(dir, 'encoder.weights'), 'utf8'), 'iteration 2');
  await writer;
  stop();
});

test('the holder of the lock finishes an interrupted commit when it opens the folder', async () => {
  const dir = await folder();
  await commitFiles(dir, { 'state.json': '1' });
  const temp = await writeTempFile(join(dir, 'state.json'), '2');
  await writeFileAtomic(join(dir, '.commit-journal.json'), JSON.stringify({ renames: [[temp.slice(dir.length + 1), 'state.json']] }));
  await withModelLock(dir, 'train', () => settleCommit(dir));
  assert.deepEqual((await readdir(dir)).sort(), ['state.json']);
  assert.equal(await readFile(join(dir, 'state.json'), 'utf8'), '2');
});
