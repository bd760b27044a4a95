import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { EventHub, FolderWatcher, ServedFolders, startDashboard, type DashboardEvent } from '@faceforge/dashboard';
import { PackStore } from '@faceforge/packs';
import { acquireModelLock, readState, train } from '@faceforge/core/train';
import { TEST_ROOT, TINY_PLUGIN_DIR, runFaceforge, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

test('dashboard: runs started elsewhere are followed by watching the model folders', async () => {
  const root = await tempDir('ff-dash-watch-');
  const models = join(root, 'models');
  await mkdir(join(models, 'elsewhere'), { recursive: true });
  const hub = new EventHub();
  const events: DashboardEvent[] = [];
  hub.publish = (event) => void events.push(event);
  const watcher = new FolderWatcher(new ServedFolders({ models: [models], faces: [], packs: join(root, 'packs') }), hub);
  await watcher.poll();
  assert.deepEqual(events, [], 'a folder without state.json or a lock is no model');
  const state = join(models, 'elsewhere', 'state.json');
  await writeFile(state, JSON.stringify({ format: 'faceforge-model', iterations: 1 }));
  await watcher.poll();
  assert.deepEqual(events, [{ type: 'models' }]);
  await watcher.poll();
  assert.equal(events.length, 1, 'nothing changed, nothing said');
  const later = new Date(Date.now() + 5000);
  await utimes(state, later, later);
  await watcher.poll();
  assert.deepEqual(events.at(-1), { type: 'model', model: '0/elsewhere' });
  hub.close();
});

function call(port: number, path: string, token: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `${path}${path.includes('?') ? '&' : '?'}token=${token}`, method, headers: { host: `127.0.0.1:${port}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

/** A faceforge home with the tiny model plugin linked, the sample faces, a model folder to train and the CLI's bin script. */
async function tinyTrainingSetup(prefix: string, modelName: string) {
  const home = await tempDir(prefix);
  const env = { FACEFORGE_HOME: join(home, 'home') };
  assert.equal((await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], env)).code, 0);
  return { home, env, faces: await sampleFaces(), model: join(home, 'models', modelName), bin: join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js') };
}

test('train --dashboard: the run serves its own dashboard, fed by its hooks in process; Stop there is Ctrl-C', { timeout: 180_000 }, async () => {
  const { env, faces, model, bin } = await tinyTrainingSetup('ff-dash-train-', 'live');
  const child = spawn(process.execPath, [bin, 'train', '-A', faces.a, '-B', faces.b, '-m', model, '-t', 'tiny', '-b', '4', '-i', '100000', '-s', '100000', '--dashboard', '--dashboard-port', '0'], {
    env: { ...process.env, CI: '1', FACEFORGE_BACKEND: 'wasm', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  const started = Date.now();
  let match: RegExpExecArray | null = null;
  while (!(match = /dashboard: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(output))) {
    assert.ok(Date.now() - started < 60_000, `no dashboard address in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const [port, token] = [Number(match[1]), match[2]!];
  let detail: { run?: { origin: string; running: boolean }; id: string } | undefined;
  while (!detail?.run?.running) {
    const reply = await call(port, '/api/models/0/live', token);
    if (reply.status === 200) detail = JSON.parse(reply.body);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(detail.run!.origin, 'this-process');
  // Save now (the trainer saves at the end of the current step), and Stop once that save shows a
  // step done: on a loaded machine the run shows as running well before its first step ends.
  assert.equal((await call(port, '/api/models/0/live/save', token, 'POST')).status, 202);
  const savedIterations = async () => JSON.parse(await readFile(join(model, 'state.json'), 'utf8').catch(() => '{"iterations":0}')) .iterations as number;
  while ((await savedIterations()) === 0) {
    assert.ok(Date.now() - started < 150_000, `Save now wrote no state.json past iteration 0 in 150 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal((await call(port, '/api/models/0/live/stop', token, 'POST')).status, 202);
  assert.equal(await exited, 0, output);
  assert.match(output, /SIGINT: finishing this iteration, then saving/);
  const state = JSON.parse(await readFile(join(model, 'state.json'), 'utf8')) as { iterations: number; sessions: unknown[] };
  assert.ok(state.iterations > 0 && state.iterations < 100000, `saved at ${state.iterations}`);
  assert.equal(state.sessions.length, 1);
});

test('dashboard: restore a model to a snapshot or to its loss backup; refused while the model is locked', async (t) => {
  await useBackend();
  const root = await tempDir('ff-dash-restore-');
  const models = join(root, 'models');
  const model = join(models, 'm');
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, await sampleFaces(), model, { iterations: 6, saveInterval: 3, snapshotInterval: 3 }));
  const dashboard = await startDashboard({ forge, models: [models], faces: [], packStore: new PackStore(join(root, 'packs')), port: 0, watchIntervalMs: 60_000 });
  t.after(() => dashboard.close());
  const detail = JSON.parse((await call(dashboard.port, '/api/models/0/m', dashboard.token)).body) as { snapshots: { name: string; iteration: number }[]; restorePoints: { id: string }[] };
  assert.deepEqual(detail.snapshots, [{ name: 'm_snapshot_3_iters', iteration: 3 }, { name: 'm_snapshot_6_iters', iteration: 6 }]);
  assert.ok(detail.restorePoints.some((p) => p.id === 'lowest-loss'));
  const post = (body: unknown) => postJson(dashboard.port, '/api/models/0/m/restore', dashboard.token, body);
  const back = await post({ snapshot: 'm_snapshot_3_iters' });
  assert.equal(back.status, 200, back.body);
  assert.equal(JSON.parse(back.body).iterations, 3);
  assert.equal((await readState(model))!.iterations, 3);
  const archived = JSON.parse(await readFile(join(JSON.parse(back.body).archive, 'state.json'), 'utf8')) as { iterations: number };
  assert.equal(archived.iterations, 6, 'the files it replaced are archived');
  assert.equal((await post({ snapshot: 'm_snapshot_9_iters' })).status, 400);
  const lock = await acquireModelLock(model, 'train');
  const refused = await post({ to: 'lowest-loss' });
  await lock.release();
  assert.equal(refused.status, 400);
  assert.match(JSON.parse(refused.body).error, /train/);
  const lowest = await post({ to: 'lowest-loss' });
  assert.equal(lowest.status, 200, lowest.body);
});

function postJson(port: number, path: string, token: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { host: `127.0.0.1:${port}`, cookie: `faceforge_dashboard_${port}=${token}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('a run a dashboard started saves and stops when the dashboard is killed (kill -9), its output pipes closed', { timeout: 240_000 }, async () => {
  const { home, env, faces, model, bin } = await tinyTrainingSetup('ff-dash-orphan-', 'orphan');
  // A stand-in for the dashboard: it forks `faceforge train` as TrainingRuns.start does (IPC channel,
  // piped output, own process group), asks it to save once it runs, and says the child's pid.
  const parentScript = join(home, 'dashboard-stand-in.mjs');
  await writeFile(parentScript, `
    import { fork } from 'node:child_process';
    const child = fork(${JSON.stringify(bin)}, ['train', '-A', ${JSON.stringify(faces.a)}, '-B', ${JSON.stringify(faces.b)}, '-m', ${JSON.stringify(model)}, '-t', 'tiny', '-b', '4', '-i', '100000', '-s', '100000'], {
      env: { ...process.env, CI: '1', FACEFORGE_DASHBOARD_EVENTS: '1' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true,
    });
    child.stdout.resume();
    child.stderr.resume();
    let asked = false;
    child.on('message', (event) => {
      if (event.type !== 'step') return;
      console.log('step ' + event.iteration);
      if (!asked) { asked = true; child.send({ type: 'save' }); console.log('child ' + child.pid); }
    });
  `);
  const parent = spawn(process.execPath, [parentScript], { env: { ...process.env, FACEFORGE_BACKEND: 'wasm', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  parent.stdout.on('data', (c) => (said += c));
  const started = Date.now();
  let match: RegExpExecArray | null = null;
  while (!(match = /child (\d+)/.exec(said))) {
    assert.ok(Date.now() - started < 120_000, 'the stand-in never saw a training step');
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = Number(match[1]);
  const iterations = async () => ((await readState(model).catch(() => undefined))?.iterations ?? 0);
  while ((await iterations()) === 0) {
    assert.ok(Date.now() - started < 150_000, 'Save wrote no state.json past iteration 0');
    await new Promise((r) => setTimeout(r, 200));
  }
  const savedBefore = await iterations();
  // Killed once the run has trained past that save: a clean stop saves again, a crash would not.
  const lastStep = () => Math.max(0, ...[...said.matchAll(/step (\d+)/g)].map((m) => Number(m[1])));
  while (lastStep() <= savedBefore) {
    assert.ok(Date.now() - started < 180_000, 'no step after the save');
    await new Promise((r) => setTimeout(r, 100));
  }
  const stepped = lastStep();
  parent.kill('SIGKILL');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (alive()) {
    if (Date.now() - started > 200_000) {
      process.kill(pid, 'SIGKILL');
      assert.fail('the run went on training after its dashboard was killed');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const state = await readState(model);
  assert.ok(state, 'the model loads');
  assert.ok(state.iterations >= stepped && stepped > savedBefore, `a final save after the dashboard died: ${state.iterations} iterations, ${stepped} stepped when it died, ${savedBefore} at the earlier save`);
  assert.ok(state.iterations < 100000);
  assert.equal(state.sessions.length, 1, 'one session, saved twice');
});
