import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { EventHub, FolderWatcher, ServedFolders, type DashboardEvent } from '@faceforge/dashboard';
import { TEST_ROOT, TINY_PLUGIN_DIR, runFaceforge, sampleFaces, tempDir } from './support.js';

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

test('train --dashboard: the run serves its own dashboard, fed by its hooks in process; Stop there is Ctrl-C', { timeout: 180_000 }, async () => {
  const home = await tempDir('ff-dash-train-');
  const env = { FACEFORGE_HOME: join(home, 'home') };
  assert.equal((await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], env)).code, 0);
  const faces = await sampleFaces();
  const model = join(home, 'models', 'live');
  const bin = join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js');
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
  assert.equal((await call(port, '/api/models/0/live/stop', token, 'POST')).status, 202);
  assert.equal(await exited, 0, output);
  assert.match(output, /SIGINT: finishing this iteration, then saving/);
  const state = JSON.parse(await readFile(join(model, 'state.json'), 'utf8')) as { iterations: number; sessions: unknown[] };
  assert.ok(state.iterations > 0 && state.iterations < 100000, `saved at ${state.iterations}`);
  assert.equal(state.sessions.length, 1);
});
