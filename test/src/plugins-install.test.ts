/**
 * `faceforge plugins install|link|uninstall` and `faceforge plugins` with plugins written as the
 * README's "Writing a plugin" says: the examples are read from README.md (between
 * `<!-- plugin-example:KIND FILE -->` markers), packed or copied, installed, listed and trained with.
 * npm is pointed at an unreachable registry: installing a local plugin must not need the network
 * (in particular, not fetch the @faceforge/core peer dependency).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_ROOT, TINY_PLUGIN_DIR, runFaceforge, sampleFaces, tempDir, type CliRun } from './support.js';

const README = join(TEST_ROOT, '..', 'README.md');

/** The files of one README plugin example, by file name. */
async function readmeExample(kind: string): Promise<Record<string, string>> {
  const text = await readFile(README, 'utf8');
  const files: Record<string, string> = {};
  const marker = /<!-- plugin-example:(\S+) (\S+) -->\s*```[\w-]*\n([\s\S]*?)```/g;
  for (const [, k, file, body] of text.matchAll(marker)) if (k === kind) files[file!] = body!;
  assert.ok(files['package.json'] && files['index.js'], `README.md has no complete '${kind}' plugin example (package.json and index.js)`);
  return files;
}

async function writeExample(kind: string, parent: string): Promise<{ dir: string; pkg: { name: string; version: string; faceforge: { name: string } } }> {
  const files = await readmeExample(kind);
  const pkg = JSON.parse(files['package.json']!) as { name: string; version: string; faceforge: { name: string } };
  const dir = join(parent, pkg.name);
  await mkdir(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
  return { dir, pkg };
}

/** A private data/config home, and an npm that cannot reach any registry. */
async function home(prefix: string) {
  const root = await tempDir(prefix);
  const env = {
    XDG_DATA_HOME: join(root, 'xdg-data'), XDG_CONFIG_HOME: join(root, 'xdg-config'), XDG_CACHE_HOME: join(root, 'xdg-cache'),
    FACEFORGE_BACKEND: 'wasm', npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_cache: join(root, 'npm-cache'),
  };
  // plugins live in plugins/ of faceforge's data folder ($XDG_DATA_HOME/faceforge without FACEFORGE_HOME)
  const pluginsDir = join(env.XDG_DATA_HOME, 'faceforge', 'plugins');
  const run = (args: string[], cwd?: string) => runFaceforge(args, env, cwd);
  const ok = async (args: string[], cwd?: string): Promise<CliRun> => {
    const result = await run(args, cwd);
    assert.equal(result.code, 0, `faceforge ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  return { root, env, pluginsDir, run, ok };
}

interface Listing {
  plugins: Array<{ name: string; kind: string; package: string; packageVersion: string; origin: string; sections: string[]; registered: Record<string, string[]> }>;
  failures: Array<{ packageName: string; file?: string; stage: string; message: string }>;
}

async function listing(ok: (args: string[]) => Promise<CliRun>): Promise<Listing> {
  return JSON.parse((await ok(['plugins', '--json'])).stdout) as Listing;
}

/** oclif wraps long error lines behind ' ›   ': join them back. */
const unwrap = (text: string) => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ');

async function installedDependencies(dataDir: string): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(join(dataDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return pkg.dependencies ?? {};
}

test("README's model plugin: npm pack, plugins install <tarball> (absolute and relative), listed, trained with -t", async () => {
  const h = await home('ff-plugin-model-');
  const { dir, pkg } = await writeExample('model', join(h.root, 'src'));
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', h.root], { cwd: dir, env: { ...process.env, ...h.env } });
  const tarball = (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename;
  const name = pkg.faceforge.name;

  const absolute = await h.ok(['plugins', 'install', join(h.root, tarball)]);
  assert.match(absolute.stdout, new RegExp(`installed ${pkg.name}@${pkg.version}: model '${name}'`));
  // the same tarball again, spelled relative to the working folder
  const relative = await h.ok(['plugins', 'install', `./${tarball}`], h.root);
  assert.match(relative.stdout, new RegExp(`installed ${pkg.name}@${pkg.version}`));
  assert.ok(existsSync(join(h.pluginsDir, 'node_modules', pkg.name, 'index.js')));
  assert.ok(!existsSync(join(h.pluginsDir, 'node_modules', '@faceforge')), 'the @faceforge/core peer dependency is the CLI\'s, not installed again');
  assert.deepEqual(Object.keys(await installedDependencies(h.pluginsDir)), [pkg.name]);

  const models = await h.ok(['models', 'list']);
  assert.match(models.stdout, new RegExp(`^${name}\\s.*\\[plugin ${name}\\]`, 'm'));
  assert.match(models.stdout, /^original\s/m);

  const text = await h.ok(['plugins']);
  assert.match(text.stdout, new RegExp(`^${name} \\(model\\)\\s+${pkg.name}@${pkg.version}\\s+installed`, 'm'));
  const listed = (await listing(h.ok)).plugins.find((p) => p.name === name);
  assert.deepEqual(listed && { ...listed, dir: undefined }, {
    name, kind: 'model', version: '1.0.0', description: 'Mini 32 px model', package: pkg.name, packageVersion: pkg.version,
    origin: 'installed', dir: undefined, sections: [`model.${name}`], registered: { models: [name] },
  });

  const faces = await sampleFaces();
  const model = join(h.root, 'model');
  const trained = await h.ok(['train', '-A', faces.a, '-B', faces.b, '-m', model, '-t', name, '-b', '4', '-i', '2', '-s', '2', '--no-preview', '--seed', '5']);
  assert.match(trained.stdout, /saved .*: 2 iterations in total/);
  const state = JSON.parse(await readFile(join(model, 'state.json'), 'utf8')) as { model: string; iterations: number };
  assert.equal(state.model, name);
  assert.equal(state.iterations, 2);

  await h.ok(['plugins', 'uninstall', name]);
  assert.doesNotMatch((await h.ok(['models', 'list'])).stdout, new RegExp(`^${name}\\s`, 'm'));
  assert.ok(!existsSync(join(h.pluginsDir, 'node_modules', pkg.name)));
});

test("README's loss plugin: installed from a folder, chosen in train.ini's [global.loss], trained with and recorded in state.json", async () => {
  const h = await home('ff-plugin-loss-');
  const { pkg } = await writeExample('loss', h.root);
  const loss = pkg.faceforge.name;
  const installed = await h.ok(['plugins', 'install', pkg.name], h.root).catch(() => undefined);
  assert.equal(installed, undefined, 'a bare name is an npm name, not the folder of that name (and the registry is unreachable here)');
  assert.match((await h.ok(['plugins', 'install', `./${pkg.name}`], h.root)).stdout, new RegExp(`installed ${pkg.name}@${pkg.version}: loss '${loss}'`));
  await h.ok(['plugins', 'link', TINY_PLUGIN_DIR]);

  const listed = await listing(h.ok);
  const plugin = listed.plugins.find((p) => p.name === loss);
  assert.equal(plugin?.origin, 'installed');
  assert.deepEqual(plugin?.registered, { losses: [loss] });
  assert.equal(listed.plugins.find((p) => p.name === 'tiny')?.origin, 'linked');

  const ini = join(h.root, 'train.ini');
  await h.ok(['config', 'init', '-t', 'tiny', '-o', ini]);
  const text = await readFile(ini, 'utf8');
  const lossSection = text.indexOf('[global.loss]');
  assert.ok(lossSection >= 0);
  const head = text.slice(0, lossSection);
  const tail = text.slice(lossSection).replace(/^loss_function = \S+$/m, `loss_function = ${loss}`);
  assert.notEqual(head + tail, text, 'train.ini has a loss_function line in [global.loss]');
  await writeFile(ini, head + tail);

  const faces = await sampleFaces();
  const model = join(h.root, 'model');
  await h.ok(['train', '-A', faces.a, '-B', faces.b, '-m', model, '-t', 'tiny', '-b', '4', '-i', '2', '-s', '2', '--no-preview', '-c', ini]);
  const state = JSON.parse(await readFile(join(model, 'state.json'), 'utf8')) as { iterations: number; sessions: Array<{ config: Record<string, Record<string, unknown>> }> };
  assert.equal(state.iterations, 2);
  assert.equal(state.sessions.at(-1)?.config['global.loss']?.loss_function, loss);
});

test('plugins install refuses misspelled paths at once (naming them) and non-plugin packages (leaving nothing installed)', async () => {
  const h = await home('ff-plugin-refuse-');
  for (const spec of ['./faceforge-plugn-mini-1.0.0.tgz', 'faceforge-plugn-mini-1.0.0.tgz', 'someone/faceforge-plugin', '../nowhere/plugin']) {
    const started = Date.now();
    const result = await h.run(['plugins', 'install', spec], h.root);
    assert.notEqual(result.code, 0, spec);
    assert.ok(unwrap(result.stderr).includes(`no such plugin folder or tarball: ${join(h.root, spec)} (from '${spec}')`), unwrap(result.stderr));
    assert.ok(Date.now() - started < 15_000, `${spec}: refused in ${Date.now() - started} ms`);
  }
  assert.ok(!existsSync(join(h.pluginsDir, 'package.json')), 'npm never ran');

  // a package that is not a plugin: as a tarball into the empty plugins folder, then next to a plugin that stays
  const notPlugin = join(h.root, 'left-pad-ish');
  await mkdir(notPlugin);
  await writeFile(join(notPlugin, 'package.json'), JSON.stringify({ name: 'left-pad-ish', version: '1.0.0', type: 'module', main: 'index.js' }));
  await writeFile(join(notPlugin, 'index.js'), 'export default (s, n) => String(s).padStart(n);\n');
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', h.root], { cwd: notPlugin, env: { ...process.env, ...h.env } });
  const tarball = (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename;
  const refuseTarball = async () => {
    const packed = await h.run(['plugins', 'install', `./${tarball}`], h.root);
    assert.notEqual(packed.code, 0);
    assert.match(unwrap(packed.stderr), /\(package left-pad-ish\) is not a faceforge plugin.*not installed, the plugins folder is as it was/);
    assert.ok(!existsSync(join(h.pluginsDir, 'node_modules', 'left-pad-ish')), 'the refused package was removed again');
  };
  await refuseTarball();
  assert.deepEqual(await installedDependencies(h.pluginsDir), {});

  const { pkg: good } = await writeExample('loss', h.root);
  await h.ok(['plugins', 'install', `./${good.name}`], h.root);
  const lockBefore = await readFile(join(h.pluginsDir, 'package-lock.json'), 'utf8');
  const folder = await h.run(['plugins', 'install', notPlugin]);
  assert.notEqual(folder.code, 0);
  assert.match(unwrap(folder.stderr), /left-pad-ish is not a faceforge plugin: its package\.json needs "faceforge"/);
  await refuseTarball();
  assert.deepEqual(Object.keys(await installedDependencies(h.pluginsDir)), [good.name]);
  assert.equal(await readFile(join(h.pluginsDir, 'package-lock.json'), 'utf8'), lockBefore);
  assert.ok(existsSync(join(h.pluginsDir, 'node_modules', good.name, 'index.js')), 'the plugin installed before is still there');
});

test('a plugin whose apply throws and one with a bad export are named, left out, and the rest keeps working', async () => {
  const h = await home('ff-plugin-bad-');
  const write = async (name: string, pluginName: string, module: string) => {
    const dir = join(h.pluginsDir, 'node_modules', name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '0.1.0', type: 'module', main: 'index.js', keywords: ['faceforge-plugin'], faceforge: { kind: 'model', name: pluginName } }));
    await writeFile(join(dir, 'index.js'), module);
    return dir;
  };
  // registers a model and a loss and taps a hook, then throws: none of it may survive
  const boom = await write('faceforge-plugin-boom', 'boom', `export default {
  meta: { name: 'boom', kind: 'model', version: '0.1.0', description: 'throws in apply' },
  apply(api) {
    api.models.register({ name: 'boom-half', description: 'half applied', build() {} });
    api.losses.register({ name: 'boom-loss', description: 'x', spatial: true, compute: (a) => a });
    api.hooks.afterStep.tap('boom', () => {});
    throw new Error('the GPU of my dreams is missing');
  },
};\n`);
  const bad = await write('faceforge-plugin-badexport', 'badexport', 'export const notAPlugin = 42;\n');
  await h.ok(['plugins', 'link', TINY_PLUGIN_DIR]);

  const models = await h.ok(['models', 'list']);
  assert.match(models.stdout, /^original\s/m);
  assert.match(models.stdout, /^tiny\s.*\[plugin tiny\]/m);
  assert.doesNotMatch(models.stdout, /boom/);
  const warnings = unwrap(models.stderr);
  assert.ok(warnings.includes(`plugin faceforge-plugin-boom ('boom') (${join(boom, 'index.js')}): apply() threw: the GPU of my dreams is missing; what it registered and tapped was taken back; left out, the run continues without it`), warnings);
  assert.ok(warnings.includes(`plugin faceforge-plugin-badexport (${join(bad, 'index.js')}) exports no plugin`), warnings);
  assert.equal(warnings.match(/apply\(\) threw/g)?.length, 1, 'reported once');

  const listed = await listing(h.ok);
  assert.deepEqual(listed.failures.map((f) => [f.packageName, f.stage, f.file]).sort(), [
    ['faceforge-plugin-badexport', 'load', join(bad, 'index.js')],
    ['faceforge-plugin-boom', 'apply', join(boom, 'index.js')],
  ]);
  assert.ok(!listed.plugins.some((p) => p.name === 'boom' || p.name === 'badexport'));
  assert.ok(!listed.plugins.some((p) => Object.values(p.registered).flat().includes('boom-loss')), 'the thrown plugin\'s loss was taken back');
  const text = await h.ok(['plugins']);
  assert.match(unwrap(text.stdout), /failed, left out: .*faceforge-plugin-b/);
});
