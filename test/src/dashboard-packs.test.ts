import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startDashboard } from '@faceforge/dashboard';
import { PackStore } from '@faceforge/packs';
import { packEncoder, seasonEncoder } from '@faceforge/core/packs';
import { train } from '@faceforge/core/train';
import { sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

function getJson(port: number, token: string, path: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, cookie: `faceforge_dashboard_${port}=${token}` } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject).end();
  });
}

test('dashboard packs: the local store with each pack\'s parent (lineage) and the fingerprint a model\'s encoder matches', async (t) => {
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
});
