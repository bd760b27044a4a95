// One home for plugins, presets, packs and oclif's cache (FACEFORGE_HOME, else the XDG folders),
// and `faceforge doctor` printing every location, the backend and why, the versions and the plugins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { faceforgeDirs } from '@faceforge/packs';
import { TINY_PLUGIN_DIR, tempDir, runFaceforge } from './support.js';

test('faceforgeDirs: FACEFORGE_HOME holds everything; else XDG folders, else ~/.local/share, ~/.config, ~/.cache', () => {
  const home = faceforgeDirs({ FACEFORGE_HOME: '/h', XDG_DATA_HOME: '/x', FACEFORGE_DATA_DIR: '/d' });
  assert.deepEqual(home, {
    data: { path: '/h', from: 'FACEFORGE_HOME' }, config: { path: '/h', from: 'FACEFORGE_HOME' }, cache: { path: '/h/cache', from: 'FACEFORGE_HOME' },
    plugins: '/h/plugins', packs: '/h/packs', presets: '/h/presets',
  });
  const xdg = faceforgeDirs({ XDG_DATA_HOME: '/xd', XDG_CONFIG_HOME: '/xc', FACEFORGE_CACHE_DIR: '/c' });
  assert.deepEqual([xdg.data, xdg.config, xdg.cache], [{ path: '/xd/faceforge', from: 'XDG_DATA_HOME' }, { path: '/xc/faceforge', from: 'XDG_CONFIG_HOME' }, { path: '/c', from: 'FACEFORGE_CACHE_DIR' }]);
  assert.deepEqual([xdg.plugins, xdg.packs, xdg.presets], ['/xd/faceforge/plugins', '/xd/faceforge/packs', '/xc/faceforge/presets']);
  const bare = faceforgeDirs({});
  assert.match(bare.data.path, /\/\.local\/share\/faceforge$/);
  assert.match(bare.config.path, /\/\.config\/faceforge$/);
  assert.equal(bare.cache.from, 'default');
});

test('doctor prints the home, the backend and why, the versions and the plugins found; plugins and packs live in the home', async () => {
  const root = await tempDir('ff-doctor-');
  const home = join(root, 'home');
  const env = { FACEFORGE_HOME: home, FACEFORGE_BACKEND: 'wasm' };
  const linked = await runFaceforge(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install'], env);
  assert.equal(linked.code, 0, linked.stderr);
  assert.deepEqual(await readdir(join(home, 'plugins')), ['linked-plugins.json']);
  assert.match((await runFaceforge(['encoder', 'list'], env)).stdout, new RegExp(`no encoder packs in ${join(home, 'packs')}`));

  const doctor = await runFaceforge(['doctor'], env);
  assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
  const out = doctor.stdout;
  assert.match(out, new RegExp(`^faceforge 0\\.1\\.0 on Node ${process.version.replace(/\./g, '\\.')} \\(${process.platform}-${process.arch}\\)$`, 'm'));
  assert.match(out, /^versions: @faceforge\/cli 0\.1\.0, @faceforge\/core 0\.1\.0, @faceforge\/packs 0\.1\.0, @oclif\/core 4\.\d+\.\d+, tfjs 4\.\d+\.\d+$/m);
  assert.match(out, /^where things live \(FACEFORGE_HOME\):$/m);
  for (const [label, path] of [['data', home], ['config', home], ['cache', join(home, 'cache')]]) {
    assert.match(out, new RegExp(`^ {2}${label} +${path}  \\(FACEFORGE_HOME\\)$`, 'm'));
  }
  assert.match(out, new RegExp(`^ {2}plugins +${join(home, 'plugins')}$`, 'm'));
  assert.match(out, new RegExp(`^ {2}packs +${join(home, 'packs')}  \\(0 stored\\)$`, 'm'));
  assert.match(out, new RegExp(`^ {2}presets +${join(home, 'presets')}$`, 'm'));
  assert.match(out, /^backend: wasm \(requested via FACEFORGE_BACKEND\)$/m);
  assert.match(out, /^ {2}original \(model\) {2}@faceforge\/plugin-original@0\.1\.0 {2}built-in$/m);
  assert.match(out, new RegExp(`^ {2}tiny \\(model\\) {2}faceforge-plugin-tiny@1\\.0\\.0 {2}linked {2}${TINY_PLUGIN_DIR}$`, 'm'));

  // without FACEFORGE_HOME: the XDG folders, each named with the variable that chose it; a plugin that fails is listed and doctor exits 1
  const xdg = { XDG_DATA_HOME: join(root, 'xd'), XDG_CONFIG_HOME: join(root, 'xc'), XDG_CACHE_HOME: join(root, 'xk'), FACEFORGE_BACKEND: 'wasm' };
  const broken = join(root, 'xd', 'faceforge', 'plugins', 'node_modules', 'faceforge-plugin-broken');
  await mkdir(broken, { recursive: true });
  await writeFile(join(broken, 'package.json'), JSON.stringify({ name: 'faceforge-plugin-broken', version: '0.2.0', type: 'module', main: 'index.js', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: 'broken' } }));
  await writeFile(join(broken, 'index.js'), "export default { meta: { name: 'broken', kind: 'model', version: '0.2.0', description: 'x' }, apply() { throw new Error('cannot start'); } };\n");
  const failing = await runFaceforge(['doctor'], xdg);
  assert.equal(failing.code, 1, failing.stdout + failing.stderr);
  assert.match(failing.stdout, /^where things live \(FACEFORGE_HOME not set: the XDG folders\):$/m);
  assert.match(failing.stdout, new RegExp(`^ {2}data +${join(root, 'xd', 'faceforge')}  \\(XDG_DATA_HOME\\)$`, 'm'));
  assert.match(failing.stdout, new RegExp(`^ {2}cache +${join(root, 'xk', 'faceforge')}  \\(XDG_CACHE_HOME\\)$`, 'm'));
  assert.match(failing.stdout, /^plugins: \d+ loaded, 1 failed$/m);
  assert.match(failing.stdout, /^failed, left out:\n {2}faceforge-plugin-broken@0\.2\.0 \(.*index\.js\): .*cannot start/m);
});
