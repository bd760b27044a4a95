import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDashboard, type Dashboard } from '@faceforge/dashboard';
import { PackStore } from '@faceforge/packs';
import { parseIni, defaultValues } from '@faceforge/core/config';
import { extractedFaces, tempDir, tinyForge } from './support.js';
import { dirname } from 'node:path';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path goes out exactly as written (no URL normalisation of `..` or `%2e`). */
function send(dashboard: Dashboard, path: string, options: { cookie?: string; host?: string; method?: string; body?: string; type?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${dashboard.port}` };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
    const req = request({ host: '127.0.0.1', port: dashboard.port, path, method: options.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function setUp() {
  const root = await tempDir('ff-dash-');
  const models = join(root, 'models');
  const faces = join(root, 'faces');
  const outside = join(root, 'outside');
  await Promise.all([models, join(faces, 'alice'), outside, join(root, 'packs')].map((d) => mkdir(d, { recursive: true })));
  await writeFile(join(faces, 'alice', 'face_0001.png'), 'inside');
  await writeFile(join(outside, 'secret.txt'), 'SECRET');
  await symlink(join(outside, 'secret.txt'), join(faces, 'alice', 'link-to-secret.png'));
  await symlink(outside, join(faces, 'outside-dir'));
  await mkdir(join(models, 'm1'));
  const forge = await tinyForge();
  const dashboard = await startDashboard({ forge, models: [models], faces: [faces], packStore: new PackStore(join(root, 'packs')), port: 0, watchIntervalMs: 60_000 });
  return { root, models, faces, dashboard, cookie: `faceforge_dashboard_${dashboard.port}=${dashboard.token}` };
}

test('dashboard: nothing is served without the access token; the token in the address becomes an HttpOnly cookie', async (t) => {
  const { dashboard, cookie } = await setUp();
  t.after(() => dashboard.close());
  assert.match(dashboard.url, new RegExp(`^http://127\\.0\\.0\\.1:${dashboard.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  for (const path of ['/', '/index.html', '/api/models', '/api/info', '/api/events', '/static/js/app.js', '/static/app.css', '/api/files/faces/0/alice/face_0001.png']) {
    const reply = await send(dashboard, path);
    assert.equal(reply.status, 401, path);
    assert.doesNotMatch(reply.body, /inside|import/, path);
  }
  assert.equal((await send(dashboard, '/?token=wrong')).status, 401);
  assert.equal((await send(dashboard, '/api/models', { cookie: `faceforge_dashboard_${dashboard.port}=wrong` })).status, 401);
  const entry = await send(dashboard, `/?token=${dashboard.token}`);
  assert.equal(entry.status, 303);
  assert.equal(entry.headers.location, '/');
  assert.match(String(entry.headers['set-cookie']), /faceforge_dashboard_\d+=[^;]+; HttpOnly; SameSite=Strict/);
  const page = await send(dashboard, '/', { cookie });
  assert.equal(page.status, 200);
  assert.match(page.body, /<script type="module" src="\/static\/js\/app.js">/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.equal((await send(dashboard, '/static/js/app.js', { cookie })).status, 200);
  assert.equal((await send(dashboard, '/static/lib/ema.js', { cookie })).status, 200);
  // Another host name (DNS rebinding) is refused even with the token.
  assert.equal((await send(dashboard, `/api/models?token=${dashboard.token}`, { host: `evil.example:${dashboard.port}` })).status, 403);
  // A POST must be JSON: a cross-site form cannot send that without a preflight.
  assert.equal((await send(dashboard, '/api/train', { cookie, method: 'POST', body: 'root=0', type: 'application/x-www-form-urlencoded' })).status, 415);
});

test('dashboard: no path outside the served folders is readable (.., encoded, absolute, backslash, NUL, symlinks)', async (t) => {
  const { dashboard, cookie } = await setUp();
  t.after(() => dashboard.close());
  const ok = await send(dashboard, '/api/files/faces/0/alice/face_0001.png', { cookie });
  assert.equal(ok.status, 200);
  assert.equal(ok.body, 'inside');
  const refused = [
    '/api/files/faces/0/../outside/secret.txt',
    '/api/files/faces/0/alice/../../outside/secret.txt',
    '/api/files/faces/0/%2e%2e/outside/secret.txt',
    '/api/files/faces/0/..%2Foutside%2Fsecret.txt',
    '/api/files/faces/0/%2E%2E%2F%2E%2E%2Foutside%2Fsecret.txt',
    '/api/files/faces/0/%2Fetc%2Fpasswd',
    '/api/files/faces/0/..%5Coutside%5Csecret.txt',
    '/api/files/faces/0/alice%00/face_0001.png',
    '/api/files/faces/0/alice/link-to-secret.png',
    '/api/files/faces/0/outside-dir/secret.txt',
    '/api/files/faces/1/secret.txt',
    '/api/files/models/0/../outside/secret.txt',
    '/api/files/packs/0/../outside/secret.txt',
    '/api/models/0/..%2F..',
    '/api/models/0/../files/outside/secret.txt',
    '/api/models/0/..%2Foutside/files/secret.txt',
    '/api/models/0/m1/files/../../outside/secret.txt',
    '/api/models/0/m1/files/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt',
    '/api/models/-1/m1',
    '/api/faces/images?root=0&path=..%2Foutside',
    '/static/js/../../package.json',
    '/static/%2e%2e/package.json',
  ];
  for (const path of refused) {
    const reply = await send(dashboard, path, { cookie });
    assert.ok(reply.status === 403 || reply.status === 404 || reply.status === 400, `${path}: ${reply.status}`);
    assert.doesNotMatch(reply.body, /SECRET|"name"|root:/, path);
  }
  assert.equal((await send(dashboard, '/api/files/faces/0/alice/link-to-secret.png', { cookie })).status, 403);
  assert.equal((await send(dashboard, '/api/files/faces/0/..%2Foutside%2Fsecret.txt', { cookie })).status, 403);
});

test('dashboard: the form is generated from the schema and writes only the changed keys into the model\'s train.ini', async (t) => {
  const { dashboard, cookie, models } = await setUp();
  t.after(() => dashboard.close());
  const form = JSON.parse((await send(dashboard, '/api/form?trainer=tiny', { cookie })).body) as { sections: { id: string; options: { key: string; minimum?: number; help: string }[] }[]; base: Record<string, Record<string, unknown>>; presets: { section: string; name: string }[] };
  const tiny = form.sections.find((s) => s.id === 'model.tiny')!;
  assert.deepEqual(tiny.options.map((o) => o.key), ['filters', 'latent']);
  assert.equal(tiny.options[0]!.minimum, 4);
  assert.match(tiny.options[0]!.help, /Filters of the first convolution/);
  assert.ok(form.sections.some((s) => s.id === 'global.optimizer'));
  assert.ok(form.presets.some((p) => p.section === 'global.loss' && p.name === 'mae-only'));
  const post = (changed: unknown) => send(dashboard, '/api/models/0/m1/config', { cookie, method: 'POST', body: JSON.stringify({ trainer: 'tiny', changed }) });

  const written = await post({ 'global.optimizer': { learning_rate: 0.0001 }, 'model.tiny': { filters: 16, latent: 32 } });
  assert.equal(written.status, 200, written.body);
  const text = await readFile(join(models, 'm1', 'train.ini'), 'utf8');
  // filters = 16 is the default: not a change, not written.
  assert.deepEqual(text.split('\n').filter((l) => /^\w+ = /.test(l)).sort(), ['latent = 32', 'learning_rate = 0.0001']);
  assert.match(text, /^\[global\.optimizer\]$/m);
  assert.match(text, /^\[model\.tiny\]$/m);
  const forge = await tinyForge();
  const sections = forge.sectionsFor('tiny');
  const kept = { ...defaultValues(sections), 'global.optimizer': { ...defaultValues(sections)['global.optimizer'], epsilon_exponent: -5 } };
  const read = parseIni(text, sections, 'train.ini', kept);
  assert.equal(read['global.optimizer']!.learning_rate, 0.0001);
  assert.equal(read['global.optimizer']!.epsilon_exponent, -5, 'a key the file does not hold keeps the base value');
  const reread = JSON.parse((await send(dashboard, '/api/form?model=0/m1&trainer=tiny', { cookie })).body) as { changed: unknown };
  assert.deepEqual(reread.changed, { 'global.optimizer': { learning_rate: 0.0001 }, 'model.tiny': { latent: 32 } });

  const bad = await post({ 'global.optimizer': { learning_rate: 7 } });
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error, /train\.ini: \[global\.optimizer\] learning_rate = "7" is not allowed: must be a number from 0\.000001 to 0\.001/);
  const injected = await post({ 'global.loss': { loss_function: 'mae\n[global.optimizer]\nlearning_rate = 0.001' } });
  assert.equal(injected.status, 400);
  assert.match(JSON.parse(injected.body).error, /not a single-line value/);
  assert.equal((await post({ 'model.original': { lowmem: true } })).status, 400);
  assert.equal((await post({})).status, 200);
  await assert.rejects(readFile(join(models, 'm1', 'train.ini')), /ENOENT/, 'no changes: no train.ini');
});

test('dashboard: faces with landmarks, masks and sort measures; deleting faces updates the alignments file', async (t) => {
  const { dashboard, cookie, faces } = await setUp();
  t.after(() => dashboard.close());
  const source = dirname((await extractedFaces())[0]!);
  await cp(source, join(faces, 'franck'), { recursive: true });
  const listed = JSON.parse((await send(dashboard, '/api/faces/folder?root=0&path=franck', { cookie })).body) as { frame: number; faces: { file: string; landmarks?: number[][]; masks: string[]; measures: Record<string, number> }[] };
  const files = (await readdir(join(faces, 'franck'))).filter((f) => f.endsWith('.png')).sort();
  assert.deepEqual(listed.faces.map((f) => f.file), files);
  assert.equal(listed.frame, 256);
  for (const face of listed.faces) {
    assert.equal(face.landmarks?.length, 68);
    assert.ok(face.landmarks!.every(([x, y]) => x! >= 0 && x! <= 256 && y! >= 0 && y! <= 256), 'landmarks in the analysis frame');
    assert.ok(face.masks.includes('components'), face.masks.join());
    assert.ok(face.measures.sharpness! > 0 && Math.abs(face.measures.yaw!) < 90 && face.measures.size! > 20 && face.measures.identity! > 0.5, JSON.stringify(face.measures));
  }
  const mask = await send(dashboard, `/api/faces/mask?root=0&path=franck&file=${files[0]}&mask=components`, { cookie });
  assert.equal(mask.status, 200);
  assert.equal(mask.headers['content-type'], 'image/png');
  assert.equal((await send(dashboard, '/api/faces/mask?root=0&path=franck&file=..%2F..%2Foutside%2Fsecret.txt&mask=components', { cookie })).status, 403);

  const doomed = files.slice(0, 2);
  const alignmentsFile = join(faces, 'franck', 'alignments', 'franck.json');
  const listedFaces = async () => Object.values((JSON.parse(await readFile(alignmentsFile, 'utf8')) as { frames: Record<string, { faces: { file?: string }[] }> }).frames).flatMap((f) => f.faces.map((x) => x.file));
  const before = await listedFaces();
  const reply = await send(dashboard, '/api/faces/delete', { cookie, method: 'POST', body: JSON.stringify({ root: 0, path: 'franck', files: doomed }) });
  assert.equal(reply.status, 200, reply.body);
  assert.deepEqual(JSON.parse(reply.body), { deleted: doomed, alignments: ['alignments/franck.json'] });
  assert.deepEqual((await readdir(join(faces, 'franck'))).filter((f) => f.endsWith('.png')).sort(), files.slice(2));
  assert.deepEqual(await listedFaces(), before.filter((f) => !doomed.includes(f!)));
  const escape = await send(dashboard, '/api/faces/delete', { cookie, method: 'POST', body: JSON.stringify({ root: 0, path: 'franck', files: ['../alice/face_0001.png'] }) });
  assert.equal(escape.status, 403);
  assert.equal(await readFile(join(faces, 'alice', 'face_0001.png'), 'utf8'), 'inside');
});

test('dashboard: a --models folder that is itself a model is served as `~`; a malformed address is a 400', async (t) => {
  const root = await tempDir('ff-dash-root-model-');
  await mkdir(join(root, 'previews'));
  await writeFile(join(root, 'state.json'), JSON.stringify({ format: 'faceforge-model', version: 1, model: 'tiny', created: '2026-01-01T00:00:00Z', iterations: 3, parts: [], config: {}, sessions: [], lossHistory: [{ iteration: 3, a: 0.5, b: 0.25 }], lineage: [] }));
  await writeFile(join(root, 'previews', 'latest.png'), 'png');
  const dashboard = await startDashboard({ forge: await tinyForge(), models: [root], faces: [], packStore: new PackStore(join(root, 'packs')), port: 0, watchIntervalMs: 60_000 });
  t.after(() => dashboard.close());
  const cookie = `faceforge_dashboard_${dashboard.port}=${dashboard.token}`;
  const list = JSON.parse((await send(dashboard, '/api/models', { cookie })).body) as { id: string; iterations: number; lastLoss: unknown }[];
  assert.deepEqual(list.map((m) => [m.id, m.iterations, m.lastLoss]), [['0/~', 3, { a: 0.5, b: 0.25 }]]);
  assert.equal((await send(dashboard, '/api/models/0/~', { cookie })).status, 200);
  const preview = await send(dashboard, '/api/models/0/~/files/previews/latest.png', { cookie });
  assert.equal(preview.status, 200);
  assert.equal(preview.body, 'png');
  assert.equal((await send(dashboard, '/api/models/0/%E0%A4%A/files/x', { cookie })).status, 400);
});
