/**
 * `faceforge plugins install|link|uninstall`: faceforge plugins are npm packages that add no
 * commands, so they are not oclif plugins. They are installed with npm into the plugins folder of
 * faceforge's home (`npm install --prefix <pluginsDir>`, discovered in `<pluginsDir>/node_modules`) or
 * linked (recorded in `<pluginsDir>/linked-plugins.json`), and nothing is kept that is not a faceforge plugin.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { inspectPackage, loadPlugin, PluginError, type DiscoveredPlugin } from '@faceforge/core';
import { readLinkedPlugins, writeLinkedPlugins } from './forge-loader.js';

export type PluginSpec =
  | { kind: 'npm'; spec: string; name: string }
  | { kind: 'folder' | 'tarball'; spec: string; path: string };

const NPM_NAME = /^(@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i;
const TARBALL = /\.(tgz|tar\.gz)$/i;

/**
 * An npm package name (optionally `@version` or `@tag`), a folder or a `.tgz`/`.tar.gz` file.
 * Anything that looks like a path is one (`./x`, `../x`, `/x`, `~/x`, `a/b`, `x.tgz`, `file:x`), and
 * must exist: npm would otherwise take `a/b` for a GitHub repository and go to the network.
 */
export async function parsePluginSpec(spec: string, cwd = process.cwd()): Promise<PluginSpec> {
  const raw = spec.startsWith('file:') ? spec.slice('file:'.length) : spec;
  const isPath = spec.startsWith('file:') || /^(\.\.?([\\/]|$)|[\\/]|~([\\/]|$)|[A-Za-z]:[\\/])/.test(raw) || TARBALL.test(raw) || raw.includes('\\') || (raw.includes('/') && !raw.startsWith('@'));
  if (!isPath) {
    const at = raw.indexOf('@', 1);
    const name = at > 0 ? raw.slice(0, at) : raw;
    if (!NPM_NAME.test(name) || (at > 0 && at === raw.length - 1)) {
      throw new PluginError(`'${spec}' is neither an npm package name (name, name@version, @scope/name) nor a folder or .tgz file (write ./${spec} for a path)`);
    }
    return { kind: 'npm', spec: raw, name };
  }
  const path = resolve(cwd, raw === '~' || raw.startsWith('~/') || raw.startsWith('~\\') ? join(homedir(), raw.slice(1)) : raw);
  const from = path === spec ? '' : ` (from '${spec}')`;
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new PluginError(`no such plugin folder or tarball: ${path}${from}`);
  if (info.isDirectory()) return { kind: 'folder', spec, path };
  if (info.isFile() && TARBALL.test(path)) return { kind: 'tarball', spec, path };
  throw new PluginError(`${path}${from} is a file but not a .tgz or .tar.gz package tarball (npm pack makes one)`);
}

/**
 * Plugins declare `@faceforge/core` (and through it tfjs) as a peerDependency: the CLI provides the
 * one copy every plugin must share. `--legacy-peer-deps` stops npm from installing peers itself, so
 * it never fetches its own `@faceforge/core` or tfjs into the data folder (nor fails to, offline).
 * `--no-audit --no-fund`: no extra registry requests and no noise. `--install-links`: a plugin
 * installed from a folder is a packed copy (as from the registry), not a symlink (that is
 * `plugins link`); every npm run in the data folder needs it, or npm turns those copies into links.
 */
const NPM_FLAGS = ['--legacy-peer-deps', '--install-links', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'];

function npm(args: string[], cwd: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npm', [...args, ...NPM_FLAGS], { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (error) => reject(new PluginError(`could not run npm (${error.message}): faceforge installs plugins with npm, which comes with Node.js`)));
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else reject(new PluginError(`npm ${args.join(' ')} failed (exit ${code}):\n${output.trim().split('\n').slice(-15).join('\n')}`));
    });
  });
}

interface UserPackage {
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

async function readUserPackage(pluginsDir: string): Promise<UserPackage> {
  const text = await readText(join(pluginsDir, 'package.json'));
  return text ? (JSON.parse(text) as UserPackage) : {};
}

/** The data folder's package.json, which npm records installed plugins in. */
async function ensureUserPackage(pluginsDir: string): Promise<void> {
  await mkdir(pluginsDir, { recursive: true });
  if ((await readText(join(pluginsDir, 'package.json'))) !== undefined) return;
  const pkg = { name: 'faceforge-user-plugins', private: true, description: 'Plugins installed with `faceforge plugins install`', dependencies: {} };
  await writeFile(join(pluginsDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
}

/** The package name npm recorded for a local folder or tarball (its `file:` spec resolves to it). */
function dependencyFor(pkg: UserPackage, pluginsDir: string, path: string): string | undefined {
  return Object.entries(pkg.dependencies ?? {}).find(([, value]) => value.startsWith('file:') && resolve(pluginsDir, value.slice('file:'.length)) === path)?.[0];
}

const NOT_A_PLUGIN = 'is not a faceforge plugin: its package.json needs "faceforge": {"kind": ..., "name": ...} and "keywords": ["faceforge-plugin"] (README: Writing a plugin)';

export interface Installed {
  found: DiscoveredPlugin;
  kinds: string[];
}

/**
 * Installs a plugin into `pluginsDir` with npm. A package that turns out not to be a faceforge plugin,
 * or whose module does not load as one, is refused and the data folder is put back as it was.
 */
export async function installPlugin(spec: PluginSpec, pluginsDir: string): Promise<Installed> {
  let expected: string | undefined = spec.kind === 'npm' ? spec.name : undefined;
  if (spec.kind === 'folder') {
    // A folder is checked before npm runs: a wrong folder is refused at once, with nothing changed.
    const found = await inspectPackage(spec.path);
    if (!found) throw new PluginError(`${spec.path} ${NOT_A_PLUGIN}`);
    expected = found.packageName;
  }
  await ensureUserPackage(pluginsDir);
  const saved = { pkg: await readText(join(pluginsDir, 'package.json')), lock: await readText(join(pluginsDir, 'package-lock.json')) };
  const target = spec.kind === 'npm' ? spec.spec : `file:${spec.path}`;
  await npm(['install', '--prefix', pluginsDir, '--save', target], pluginsDir);

  const name = expected ?? dependencyFor(await readUserPackage(pluginsDir), pluginsDir, spec.kind === 'npm' ? '' : spec.path);
  const rollBack = async (why: string): Promise<never> => {
    const isNew = name !== undefined && !(name in ((JSON.parse(saved.pkg!) as UserPackage).dependencies ?? {}));
    // A new package is uninstalled (npm does not prune it by itself when there was no lock file yet).
    if (isNew) await npm(['uninstall', '--prefix', pluginsDir, name], pluginsDir);
    await writeFile(join(pluginsDir, 'package.json'), saved.pkg!);
    if (saved.lock === undefined) await rm(join(pluginsDir, 'package-lock.json'), { force: true });
    else await writeFile(join(pluginsDir, 'package-lock.json'), saved.lock);
    // A replaced version is put back as the restored package.json and lock say.
    if (!isNew) await npm(['install', '--prefix', pluginsDir], pluginsDir);
    throw new PluginError(`${why}; not installed, the plugins folder is as it was`);
  };
  if (!name) return rollBack(`npm installed ${spec.spec} but faceforge cannot tell which package it was`);
  let found: DiscoveredPlugin | undefined;
  try {
    found = await inspectPackage(join(pluginsDir, 'node_modules', name));
  } catch (error) {
    return rollBack((error as Error).message);
  }
  if (!found) return rollBack(`${spec.spec} (package ${name}) ${NOT_A_PLUGIN}`);
  try {
    const plugins = await loadPlugin(found);
    return { found, kinds: plugins.map((p) => `${p.meta.kind} '${p.meta.name}'`) };
  } catch (error) {
    return rollBack((error as Error).message);
  }
}

/** Records a plugin folder as linked (used in place, edits take effect at once). */
export async function linkPlugin(folder: string, pluginsDir: string, runInstall: boolean): Promise<DiscoveredPlugin> {
  const found = await inspectPackage(folder);
  if (!found) throw new PluginError(`${folder} ${NOT_A_PLUGIN}`);
  if (runInstall) await npm(['install'], folder);
  await loadPlugin(found);
  const linked = [];
  for (const dir of await readLinkedPlugins(pluginsDir)) {
    const other = await inspectPackage(dir).catch(() => undefined);
    if (dir !== found.dir && other?.packageName !== found.packageName) linked.push(dir);
  }
  await writeLinkedPlugins(pluginsDir, [found.dir, ...linked]);
  return found;
}

/** Removes a linked or installed plugin, named by package name or plugin name. */
export async function uninstallPlugin(name: string, pluginsDir: string): Promise<string> {
  const matches = (p: DiscoveredPlugin | undefined) => p !== undefined && (p.packageName === name || p.marker.name === name);
  const linked = await readLinkedPlugins(pluginsDir);
  // A linked folder goes by its package or plugin name, or by its path (if it is gone or broken).
  const keep: string[] = [];
  let unlinked: string | undefined;
  for (const dir of linked) {
    const found = await inspectPackage(dir).catch(() => undefined);
    if (unlinked === undefined && (matches(found) || dir === resolve(name))) unlinked = `${found?.packageName ?? 'folder'} (${dir})`;
    else keep.push(dir);
  }
  if (unlinked !== undefined) {
    await writeLinkedPlugins(pluginsDir, keep);
    return `unlinked ${unlinked}`;
  }
  const installed = Object.keys((await readUserPackage(pluginsDir)).dependencies ?? {});
  for (const pkg of installed) {
    const found = await inspectPackage(join(pluginsDir, 'node_modules', pkg)).catch(() => undefined);
    if (pkg === name || matches(found)) {
      await npm(['uninstall', '--prefix', pluginsDir, pkg], pluginsDir);
      return `uninstalled ${pkg}`;
    }
  }
  const known = [...installed, ...linked.map((d) => relative(process.cwd(), d) || d)];
  throw new PluginError(`no installed or linked plugin named '${name}'${known.length ? `: there are ${known.join(', ')}` : ' (none installed or linked)'}`);
}

/** Whether `dir` lies inside `root`. */
export function isInside(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}
