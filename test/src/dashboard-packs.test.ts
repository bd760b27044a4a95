import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { startRegistryServer } from '@faceforge/registry';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { startDashboard } from '@faceforge/dashboard';
import { PackStore, openRegistry } from '@faceforge/packs';
import { packEncoder, seasonEncoder } from '@faceforge/core/packs';
import { readState, train } from '@faceforge/core/train';
import { TEST_ROOT, TINY_PLUGIN_DIR, runFaceforge, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

function getJson(port: number, token: string, path: string, post?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, cookie: `faceforge_dashboard_${port}=${token}` };
    if (post !== undefined) headers['content-type'] = 'application/json';
    request({ host: '127.0.0.1', port, path, method: post === undefined ? 'GET' : 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject).end(post === undefined ? undefined : JSON.stringify(post));
  });
}

test('dashboard packs: the local store with each pack\'s parent (lineage), the fingerprint a model\'s encoder matches, a registry\'s search, versions and pull, a new model from the pulled pack', async (t) => {
  await useBackend();
  const faces = await sampleFaces();
  const root = await tempDir('ff-dash-packs-');
  const models = join(root, 'models');
  await mkdir(models);
  const store = new PackStore(join(root, 'packs'));
  const forge = await tinyForge();
  const modelDir = join(models, 'seasoned');
  await train(forge, tinyTrainOptions(forge, faces, modelDir, { iterations: 2, saveInterval: 100 }));
  await packEncoder({ modelDir, name: 'tiny-enc', version: '1.0.0', store });
  await train(forge, tinyTrainOptions(forge, faces, modelDir, { iterations: 2, saveInterval: 100 }));
  await seasonEncoder({ modelDir, store, name: 'tiny-enc' });

  const dashboard = await startDashboard({ forge, models: [models], faces: [], packStore: store, port: 0, watchIntervalMs: 60_000 });
  t.after(() => dashboard.close());
  const packs = (await getJson(dashboard.port, dashboard.token, '/api/packs')).body as { name: string; version: string; kind: string; parent?: string; fingerprint: string; plugin: string }[];
  assert.deepEqual(packs.map((p) => [p.kind, `${p.name}@${p.version}`, p.parent ?? null, p.plugin]).sort(), [
    ['encoder', 'tiny-enc@1.0.0', null, 'tiny'],
    ['encoder', 'tiny-enc@1.0.1', 'tiny-enc@1.0.0', 'tiny'],
  ]);
  const { encoder } = (await getJson(dashboard.port, dashboard.token, '/api/models/0/seasoned/fingerprint')).body as { encoder: string };
  assert.match(encoder, /^sha256:[0-9a-f]{64}$/);
  assert.ok(packs.every((p) => p.fingerprint === encoder), 'both versions fit the model they came from');
  if (!process.env.FACEFORGE_REGISTRY) {
    const noRegistry = await getJson(dashboard.port, dashboard.token, '/api/registry/search?q=tiny');
    assert.equal(noRegistry.status, 400);
    assert.match(noRegistry.body.error, /no registry: start the dashboard with --registry URL/);
  }

  // A registry's index from `faceforge dashboard --registry URL`: search, versions, pull into an empty store.
  const registry = await startRegistryServer({ dir: join(root, 'registry'), port: 0 });
  t.after(() => registry.close());
  const stored = await store.resolve('encoder', 'tiny-enc@1.0.0');
  await openRegistry(registry.url).publish(await readFile(stored.archivePath), await registry.store.addToken('alice'));
  const bin = join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js');
  const otherHome = { FACEFORGE_HOME: join(root, 'other-home') };
  assert.equal((await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], otherHome)).code, 0);
  const child = spawn(process.execPath, [bin, 'dashboard', '--port', '0', '--models', models, '--faces', dirname(faces.a), '--registry', registry.url], {
    env: { ...process.env, CI: '1', FACEFORGE_BACKEND: 'wasm', ...otherHome }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => void child.kill('SIGINT'));
  let output = '';
  const address = await new Promise<RegExpExecArray>((resolve, reject) => {
    const read = (c: Buffer) => {
      output += c.toString();
      const match = /dashboard: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(output);
      if (match) resolve(match);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', () => reject(new Error(output)));
  });
  const [port, token] = [Number(address[1]), address[2]!];
  const found = (await getJson(port, token, '/api/registry/search?q=tiny')).body as { packs: { name: string; latest: string; fingerprint: string }[] };
  assert.deepEqual(found.packs.map((p) => [p.name, p.latest, p.fingerprint === encoder]), [['tiny-enc', '1.0.0', true]]);
  assert.deepEqual(((await getJson(port, token, '/api/registry/versions?name=tiny-enc')).body as { version: string }[]).map((v) => v.version), ['1.0.0']);
  assert.equal((await getJson(port, token, '/api/packs')).body.length, 0);
  const pulled = await getJson(port, token, '/api/registry/pull', { kind: 'encoder', spec: 'tiny-enc@^1' });
  assert.deepEqual(pulled.body, { name: 'tiny-enc', version: '1.0.0', added: true });
  assert.deepEqual((await getJson(port, token, '/api/packs')).body.map((p: { name: string; version: string }) => `${p.name}@${p.version}`), ['tiny-enc@1.0.0']);

  // Start a new model from the pulled pack, as the Packs page's "start a model" does.
  const folders = (await getJson(port, token, '/api/faces')).body as { root: number; path: string }[];
  const side = (name: string) => folders.find((f) => f.path === name)!;
  const started = await getJson(port, token, '/api/train', {
    root: 0, name: 'from-pack', trainer: 'tiny', encoder: 'tiny-enc@1.0.0', inputA: side('a'), inputB: side('b'), batchSize: 4, iterations: 2, saveInterval: 2, changed: {},
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  let run: { running: boolean; exitCode?: number; log: string[] } | undefined;
  const since = Date.now();
  do {
    await new Promise((r) => setTimeout(r, 300));
    run = (await getJson(port, token, '/api/models/0/from-pack')).body.run;
    assert.ok(Date.now() - since < 60_000, 'the training from the pack did not finish');
  } while (run?.running !== false);
  assert.equal(run.exitCode, 0, run.log.join('\n'));
  const fromPack = await readState(join(models, 'from-pack'));
  assert.equal(fromPack!.lineage[0]!.type, 'encoder-pack');
  assert.equal(fromPack!.lineage[0]!.name, 'tiny-enc');
  assert.equal(fromPack!.iterations, 2);
});
