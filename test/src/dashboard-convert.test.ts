import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { startDashboard } from '@faceforge/dashboard';
import { PackStore } from '@faceforge/packs';
import { train } from '@faceforge/core/train';
import { TEST_ROOT, TINY_PLUGIN_DIR, runFaceforge, sampleClip, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

function call(port: number, token: string, path: string, body?: unknown): Promise<{ status: number; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, cookie: `faceforge_dashboard_${port}=${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = request({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, data: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

test('dashboard convert job: progress to the last frame, then the same frame before and after', { timeout: 180_000 }, async (t) => {
  await useBackend();
  const home = await tempDir('ff-dash-convert-');
  const env = { FACEFORGE_HOME: join(home, 'home'), FACEFORGE_BACKEND: 'wasm' };
  assert.equal((await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], env)).code, 0);
  const models = join(home, 'models');
  const media = join(home, 'media');
  await mkdir(media, { recursive: true });
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, await sampleFaces(), join(models, 'tiny'), { iterations: 2, saveInterval: 2 }));
  await copyFile(await sampleClip(), join(media, 'clip.mp4'));
  const dashboard = await startDashboard({
    forge, models: [models], faces: [], media: [media], packStore: new PackStore(join(home, 'packs')), port: 0, watchIntervalMs: 60_000,
    trainCommand: { bin: join(TEST_ROOT, '..', 'packages', 'cli', 'bin', 'run.js'), env },
  });
  t.after(() => dashboard.close());
  const json = async (path: string, body?: unknown) => {
    const reply = await call(dashboard.port, dashboard.token, path, body);
    assert.ok(reply.status < 300, `${path}: ${reply.status} ${reply.data.toString()}`);
    return JSON.parse(reply.data.toString());
  };
  assert.deepEqual(await json('/api/media'), [{ root: 0, path: 'clip.mp4', kind: 'video' }]);
  const refused = await call(dashboard.port, dashboard.token, '/api/convert', { model: '0/tiny', input: { root: 0, path: '../models/tiny/state.json' } });
  assert.equal(refused.status, 403);
  const job = await json('/api/convert', { model: '0/tiny', input: { root: 0, path: 'clip.mp4' } });
  assert.equal(job.output, 'converted/clip__tiny');
  let state = job;
  const started = Date.now();
  while (state.state === 'running') {
    assert.ok(Date.now() - started < 150_000, 'convert took too long');
    await new Promise((r) => setTimeout(r, 300));
    state = (await json('/api/convert')).find((j: { id: number }) => j.id === job.id);
  }
  assert.equal(state.state, 'finished', state.log.join('\n'));
  assert.equal(state.total, 12);
  assert.equal(state.done, 12);
  const { latest } = await json(`/api/convert/${job.id}/frames`);
  assert.match(latest, /_000012\.png$/);
  const before = await call(dashboard.port, dashboard.token, `/api/convert/${job.id}/before?name=${encodeURIComponent(latest)}`);
  const after = await call(dashboard.port, dashboard.token, `/api/files/media/0/converted/clip__tiny/${encodeURIComponent(latest)}`);
  const [b, a] = await Promise.all([sharp(before.data).raw().toBuffer({ resolveWithObject: true }), sharp(after.data).raw().toBuffer({ resolveWithObject: true })]);
  assert.deepEqual([b.info.width, b.info.height], [a.info.width, a.info.height], 'the same frame size before and after');
  let changed = 0;
  for (let i = 0; i < a.data.length; i++) if (Math.abs(a.data[i]! - b.data[i]!) > 40) changed++;
  assert.ok(changed > 500 && changed < a.data.length / 2, `the swap changes the face, not the whole frame (${changed} values)`);
});
