import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import { StoreLock } from './store-lock.js';

async function lockPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ff-lock-')), 'private', 'lock');
}

test('tasks run one at a time, in call order, and the lock file is gone afterwards', async () => {
  const path = await lockPath();
  const lock = new StoreLock(path);
  const events: string[] = [];
  const task = (name: string) => lock.run(async () => {
    events.push(`${name} start`);
    assert.ok(existsSync(path), 'the lock file exists while a task runs');
    await sleep(10);
    events.push(`${name} end`);
  });
  await Promise.all([task('a'), task('b'), task('c')]);
  assert.deepEqual(events, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  assert.ok(!existsSync(path));
});

test('a failing task releases the lock for the next one', async () => {
  const lock = new StoreLock(await lockPath());
  await assert.rejects(lock.run(async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await lock.run(async () => 'next'), 'next');
});

test('two lock objects on one file (two processes) exclude each other', async () => {
  const path = await lockPath();
  const first = new StoreLock(path);
  const second = new StoreLock(path);
  let inside = 0;
  let overlap = false;
  const task = () => async () => {
    inside += 1;
    if (inside > 1) overlap = true;
    await sleep(15);
    inside -= 1;
  };
  await Promise.all([first.run(task()), second.run(task()), first.run(task()), second.run(task())]);
  assert.equal(overlap, false);
});

test('a lock left by a dead process is taken over; a live holder times out with a message naming the file', async () => {
  const path = await lockPath();
  const lock = new StoreLock(path, 200);
  await lock.run(async () => undefined); // creates the folder
  await writeFile(path, `999999999 ${hostname()}\n`);
  assert.equal(await lock.run(async () => 'taken over'), 'taken over');

  await writeFile(path, `${process.pid} ${hostname()}\n`);
  await assert.rejects(lock.run(async () => undefined), (e: Error) => e.message.includes(path) && /locked by process/.test(e.message));
});
