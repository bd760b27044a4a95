import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverPlugins, inspectPackage, loadPlugin, nodeModulesChain, type DiscoveredPlugin } from './discover.js';
import { Registry } from './registry.js';
import { PluginError } from '../util/errors.js';

let root: string;
let nm: string;

async function writePackage(dir: string, pkg: Record<string, unknown>, files: Record<string, string> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module', ...pkg }, null, 2));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

const pluginModule = (name: string, kind: string, version = '1.0.0', exportAs = 'export default') =>
  `${exportAs} { meta: { name: '${name}', kind: '${kind}', version: '${version}', description: 'd' }, apply() {} };\n`;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'faceforge-discover-'));
  nm = join(root, 'project', 'node_modules');
  await writePackage(join(nm, 'faceforge-x'), {
    name: 'faceforge-x', version: '1.0.0', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: 'x' },
  }, { 'index.js': pluginModule('x', 'model') });
  await writePackage(join(nm, '@scope', 'p'), {
    name: '@scope/p', version: '0.3.1', keywords: ['other', 'faceforge-plugin'], faceforge: { kind: 'loss', name: 'p' },
    exports: { '.': { types: './lib/main.d.ts', import: './lib/main.js' } },
  }, { 'lib/main.js': pluginModule('p', 'loss', '0.3.1', 'export const plugin =') });
  // Has the marker but not the keyword: not a plugin.
  await writePackage(join(nm, 'no-keyword'), { name: 'no-keyword', version: '1.0.0', faceforge: { kind: 'model', name: 'nk' } }, { 'index.js': pluginModule('nk', 'model') });
  // An ordinary package, a package.json-less folder, a dot folder.
  await writePackage(join(nm, 'lodash-ish'), { name: 'lodash-ish', version: '4.0.0', keywords: ['faceforge-plugin'] });
  await mkdir(join(nm, 'not-a-package'), { recursive: true });
  await writePackage(join(nm, '.bin', 'hidden'), { name: 'hidden', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: 'h' } });
  // Marker says 'y', module exports 'z'.
  await writePackage(join(nm, 'faceforge-mismatch'), {
    name: 'faceforge-mismatch', version: '1.0.0', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: 'y' }, main: 'main.js',
  }, { 'main.js': pluginModule('z', 'model') });

  // A bad kind, in its own node_modules so the good folder stays discoverable.
  await writePackage(join(root, 'bad', 'node_modules', 'faceforge-bad'), {
    name: 'faceforge-bad', keywords: ['faceforge-plugin'], faceforge: { kind: 'widget', name: 'b' },
  });
  // A linked checkout of faceforge-x (newer), and a second node_modules with an older copy.
  await writePackage(join(root, 'linked', 'faceforge-x'), {
    name: 'faceforge-x', version: '2.0.0-dev', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: 'x' },
  }, { 'index.js': pluginModule('x', 'model', '2.0.0-dev') });
  await writePackage(join(root, 'global', 'node_modules', 'faceforge-x'), {
    name: 'faceforge-x', version: '0.9.0', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: 'x' },
  }, { 'index.js': pluginModule('x', 'model', '0.9.0') });
  // Packages whose modules fail in other ways.
  await writePackage(join(root, 'broken', 'node_modules', 'syntax'), {
    name: 'syntax', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: 's' },
  }, { 'index.js': 'export default {{{' });
  await writePackage(join(root, 'broken', 'node_modules', 'empty'), {
    name: 'empty', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: 'e' },
  }, { 'index.js': 'export const unrelated = 1;\n' });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('discoverPlugins finds exactly the valid plugins, scoped ones included', async () => {
  const found = await discoverPlugins({ nodeModules: [nm] });
  const byName = new Map(found.map((f) => [f.packageName, f]));
  assert.deepEqual([...byName.keys()].sort(), ['@scope/p', 'faceforge-mismatch', 'faceforge-x']);
  assert.deepEqual(byName.get('faceforge-x'), { packageName: 'faceforge-x', version: '1.0.0', dir: join(nm, 'faceforge-x'), marker: { kind: 'model', name: 'x' } });
  assert.deepEqual(byName.get('@scope/p'), { packageName: '@scope/p', version: '0.3.1', dir: join(nm, '@scope', 'p'), marker: { kind: 'loss', name: 'p' } });
  // A missing node_modules folder is simply empty.
  assert.deepEqual(await discoverPlugins({ nodeModules: [join(root, 'nowhere', 'node_modules')] }), []);
});

test('inspectPackage ignores packages without the keyword, the marker or a package.json', async () => {
  assert.equal(await inspectPackage(join(nm, 'no-keyword')), undefined);
  assert.equal(await inspectPackage(join(nm, 'lodash-ish')), undefined);
  assert.equal(await inspectPackage(join(nm, 'not-a-package')), undefined);
  assert.equal((await inspectPackage(join(nm, 'faceforge-x')))?.marker.name, 'x');
});

test('a bad kind is a PluginError naming its package.json and the allowed kinds', async () => {
  const dir = join(root, 'bad', 'node_modules', 'faceforge-bad');
  const check = (e: unknown) => {
    assert.ok(e instanceof PluginError);
    assert.ok(e.message.startsWith(`${join(dir, 'package.json')}: "faceforge" must be {"kind": one of model|loss|augmentation|mask|optimizer|upscaler|convert|trainer`), e.message);
    return true;
  };
  await assert.rejects(inspectPackage(dir), check);
  await assert.rejects(discoverPlugins({ nodeModules: [join(root, 'bad', 'node_modules')] }), check);
});

test('linked folders win over node_modules copies; earlier node_modules win over later ones', async () => {
  const linked = await discoverPlugins({ nodeModules: [nm, join(root, 'global', 'node_modules')], linked: [join(root, 'linked', 'faceforge-x')] });
  const x = linked.find((f) => f.packageName === 'faceforge-x')!;
  assert.equal(x.version, '2.0.0-dev');
  assert.equal(x.dir, join(root, 'linked', 'faceforge-x'));
  assert.equal(linked.filter((f) => f.packageName === 'faceforge-x').length, 1);
  const [plugin] = await loadPlugin(x);
  assert.equal(plugin!.meta.version, '2.0.0-dev');

  const ordered = await discoverPlugins({ nodeModules: [join(root, 'global', 'node_modules'), nm] });
  assert.equal(ordered.find((f) => f.packageName === 'faceforge-x')!.version, '0.9.0');
  const reversed = await discoverPlugins({ nodeModules: [nm, join(root, 'global', 'node_modules')] });
  assert.equal(reversed.find((f) => f.packageName === 'faceforge-x')!.version, '1.0.0');
});

test('loadPlugin imports default exports, `plugin` exports and conditional package exports', async () => {
  const found = await discoverPlugins({ nodeModules: [nm] });
  const x = await loadPlugin(found.find((f) => f.packageName === 'faceforge-x')!);
  assert.equal(x.length, 1);
  assert.deepEqual(x[0]!.meta, { name: 'x', kind: 'model', version: '1.0.0', description: 'd' });
  assert.equal(typeof x[0]!.apply, 'function');
  const p = await loadPlugin(found.find((f) => f.packageName === '@scope/p')!);
  assert.deepEqual(p.map((q) => `${q.meta.kind}:${q.meta.name}`), ['loss:p']);
});

test('a module exporting a different plugin than its marker fails, saying so', async () => {
  const found = (await discoverPlugins({ nodeModules: [nm] })).find((f) => f.packageName === 'faceforge-mismatch')!;
  await assert.rejects(loadPlugin(found), (e: unknown) => {
    assert.ok(e instanceof PluginError);
    assert.equal(e.message, "plugin faceforge-mismatch: package.json says model 'y' but the module exports model 'z'");
    return true;
  });
});

test('a module that fails to import, or exports no plugin, is a PluginError naming the package and file', async () => {
  const base = join(root, 'broken', 'node_modules');
  const marker = (name: string): DiscoveredPlugin => ({ packageName: name, version: '0.0.0', dir: join(base, name), marker: { kind: 'model', name: name[0]! } });
  await assert.rejects(loadPlugin(marker('syntax')), (e: unknown) =>
    e instanceof PluginError && e.message.startsWith(`plugin syntax (${join(base, 'syntax', 'index.js')}) failed to load: `));
  await assert.rejects(loadPlugin(marker('empty')), (e: unknown) =>
    e instanceof PluginError && e.message === `plugin empty (${join(base, 'empty', 'index.js')}) exports no plugin: export default {meta, apply} (or 'plugin'/'plugins')`);
});

test('nodeModulesChain lists existing node_modules folders from the start folder upward, nearest first', async () => {
  const deep = join(root, 'project', 'src', 'a', 'b');
  await mkdir(deep, { recursive: true });
  await mkdir(join(root, 'project', 'src', 'a', 'node_modules'), { recursive: true });
  const chain = nodeModulesChain(deep).filter((p) => p.startsWith(root));
  assert.deepEqual(chain, [join(root, 'project', 'src', 'a', 'node_modules'), nm]);
});

test('Registry: duplicates name both plugins; get of a missing name lists the available ones', () => {
  const registry = new Registry<{ name: string; value: number }>('model');
  assert.throws(() => registry.get('original'), (e: unknown) =>
    e instanceof PluginError && e.message === "no model named 'original'. Available: (none installed)");
  registry.register({ name: 'original', value: 1 }, 'plugin-original');
  registry.register({ name: 'dfl-h128', value: 2 }, 'plugin-dfl');
  registry.register({ name: 'lightweight', value: 3 });
  assert.throws(() => registry.register({ name: 'original', value: 9 }, 'plugin-copycat'), (e: unknown) =>
    e instanceof PluginError && e.message === "model 'original' is registered twice: by plugin-original and by plugin-copycat");
  assert.equal(registry.get('original').value, 1, 'the first registration stays');
  assert.deepEqual(registry.names(), ['dfl-h128', 'lightweight', 'original']);
  assert.deepEqual(registry.values().map((v) => v.value), [2, 3, 1]);
  assert.equal(registry.owner('dfl-h128'), 'plugin-dfl');
  assert.equal(registry.owner('lightweight'), 'unknown');
  assert.equal(registry.owner('missing'), undefined);
  assert.equal(registry.has('original'), true);
  assert.equal(registry.has('Original'), false);
  assert.throws(() => registry.get('villain'), (e: unknown) =>
    e instanceof PluginError && e.message === "no model named 'villain'. Available: dfl-h128, lightweight, original");
});
