/**
 * Finds installed plugins: packages in node_modules folders (and linked plugin folders) whose
 * package.json carries the `faceforge` field and the `faceforge-plugin` keyword. Reading the static
 * field first means listing plugins never runs their code.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { PluginError } from '../util/errors.js';
import { PLUGIN_KINDS, type FaceforgePlugin, type PackageMarker } from './plugin.js';

export interface DiscoveredPlugin {
  packageName: string;
  version: string;
  dir: string;
  marker: PackageMarker;
}

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  keywords?: string[];
  faceforge?: Partial<PackageMarker>;
}

async function readPackage(dir: string): Promise<PackageJson | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The plugin described by the package in `dir`, or undefined if it is not a faceforge plugin. */
export async function inspectPackage(dir: string): Promise<DiscoveredPlugin | undefined> {
  const pkg = await readPackage(dir);
  if (!pkg?.faceforge || !pkg.keywords?.includes('faceforge-plugin') || !pkg.name) return undefined;
  const { kind, name } = pkg.faceforge;
  if (!kind || !PLUGIN_KINDS.includes(kind) || !name) {
    throw new PluginError(`${join(dir, 'package.json')}: "faceforge" must be {"kind": one of ${PLUGIN_KINDS.join('|')}, "name": string}`);
  }
  return { packageName: pkg.name, version: pkg.version ?? '0.0.0', dir: resolve(dir), marker: { kind, name } };
}

async function packageDirs(nodeModules: string): Promise<string[]> {
  const names = await readdir(nodeModules).catch(() => [] as string[]);
  const dirs: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      const scoped = await readdir(join(nodeModules, name)).catch(() => [] as string[]);
      dirs.push(...scoped.map((s) => join(nodeModules, name, s)));
    } else dirs.push(join(nodeModules, name));
  }
  return dirs;
}

/** node_modules folders from `start` up to the filesystem root. */
export function nodeModulesChain(start: string): string[] {
  const chain: string[] = [];
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate)) chain.push(candidate);
    const parent = dirname(dir);
    if (parent === dir) return chain;
    dir = parent;
  }
}

export interface DiscoverOptions {
  /** node_modules folders to scan. */
  nodeModules: string[];
  /** Plugin package folders added directly (linked plugins). Listed first: they override. */
  linked?: string[];
  /**
   * Called for a package whose `faceforge` field is invalid; that package is left out and the
   * search goes on. Without it the first invalid package rejects the whole search.
   */
  onInvalid?: (dir: string, error: Error) => void;
}

/** Every plugin found, first occurrence of a package name wins. */
export async function discoverPlugins(options: DiscoverOptions): Promise<DiscoveredPlugin[]> {
  const found = new Map<string, DiscoveredPlugin>();
  const candidates = [...(options.linked ?? [])];
  for (const folder of options.nodeModules) candidates.push(...(await packageDirs(folder)));
  for (const dir of candidates) {
    let plugin: DiscoveredPlugin | undefined;
    try {
      plugin = await inspectPackage(dir);
    } catch (error) {
      if (!options.onInvalid) throw error;
      options.onInvalid(resolve(dir), error as Error);
      continue;
    }
    if (plugin && !found.has(plugin.packageName)) found.set(plugin.packageName, plugin);
  }
  return [...found.values()];
}

function entryPoint(pkg: PackageJson): string {
  const exp = pkg.exports;
  if (typeof exp === 'string') return exp;
  if (exp && typeof exp === 'object') {
    const root = (exp as Record<string, unknown>)['.'] ?? exp;
    if (typeof root === 'string') return root;
    if (root && typeof root === 'object') {
      const r = root as Record<string, unknown>;
      const pick = r.import ?? r.default ?? r.node;
      if (typeof pick === 'string') return pick;
    }
  }
  return pkg.main ?? 'index.js';
}

/** The module file a discovered plugin's package points to (its `exports` or `main`). */
export async function pluginEntryFile(found: DiscoveredPlugin): Promise<string> {
  const pkg = (await readPackage(found.dir)) ?? {};
  return join(found.dir, entryPoint(pkg));
}

/** Imports a discovered plugin's module and returns the plugin object(s) it exports. */
export async function loadPlugin(found: DiscoveredPlugin): Promise<FaceforgePlugin[]> {
  const file = await pluginEntryFile(found);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginError(`plugin ${found.packageName} (${file}) failed to load: ${(error as Error).message}`);
  }
  const exported = mod.plugins ?? mod.plugin ?? mod.default;
  const plugins = (Array.isArray(exported) ? exported : [exported]).filter(Boolean) as FaceforgePlugin[];
  if (plugins.length === 0) {
    throw new PluginError(`plugin ${found.packageName} (${file}) exports no plugin: export default {meta, apply} (or 'plugin'/'plugins')`);
  }
  if (!plugins.some((p) => p.meta?.name === found.marker.name && p.meta?.kind === found.marker.kind)) {
    throw new PluginError(
      `plugin ${found.packageName}: package.json says ${found.marker.kind} '${found.marker.name}' but the module exports ${plugins.map((p) => `${p.meta?.kind} '${p.meta?.name}'`).join(', ')}`,
    );
  }
  return plugins;
}

/** This file's folder: discovery starts from core's own install location too. */
export const coreDir = dirname(fileURLToPath(import.meta.url));
