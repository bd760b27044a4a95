/**
 * The registry's static layout: `index.json` plus `packs/<name>/<name>-<version>.tar.gz`. Any static
 * host, CDN or object store can serve it read-only (like a Helm chart repository); only the registry
 * server writes it. Everything a client needs to search, resolve and verify a download is in the index.
 */
import semver from 'semver';
import { RegistryError } from '../util/errors.js';
import { PLUGIN_KINDS, type PluginKind } from './plugin-kinds.js';
import { isValidPackName, type PackKind } from '../packs/pack-manifest.js';

export const INDEX_API_VERSION = 1;
export const INDEX_FILE = 'index.json';
const PACK_KINDS: readonly PackKind[] = ['encoder', 'decoder'];

export interface PackVersionEntry {
  /** SRI integrity of the archive: 'sha512-<base64>'. */
  sha512: string;
  size: number;
  /** Archive path relative to the index: 'packs/<name>/<name>-<version>.tar.gz'. */
  path: string;
  /** ISO time of publication. */
  published: string;
  fingerprint: string;
  /** Decoder packs: the fingerprint of the encoder they were trained with. */
  encoderFingerprint?: string;
  /** Semver range of the model plugin versions the pack fits. */
  pluginRange: string;
  /** Deprecation message: the version still resolves, with a warning. */
  deprecated?: string;
  /** Yanked versions resolve only when asked for exactly; the archive stays (never overwritten). */
  yanked?: true;
}

export interface PackIndexEntry {
  kind: PackKind;
  description: string;
  keywords: string[];
  /** The model plugin the pack belongs to (e.g. 'original'). */
  plugin: string;
  versions: Record<string, PackVersionEntry>;
}

/** A model (or loss, mask, ...) plugin: installed from npm, listed here so search finds it. */
export interface PluginIndexEntry {
  kind: PluginKind;
  /** The plugin's own name (`-t NAME` for models). */
  name: string;
  description: string;
  keywords: string[];
}

export interface RegistryIndex {
  apiVersion: typeof INDEX_API_VERSION;
  /** ISO time of the last write. */
  generated: string;
  packs: Record<string, PackIndexEntry>;
  /** Keyed by npm package name. */
  plugins: Record<string, PluginIndexEntry>;
}

export function emptyIndex(): RegistryIndex {
  return { apiVersion: INDEX_API_VERSION, generated: new Date().toISOString(), packs: {}, plugins: {} };
}

export function isValidPackVersion(version: string): boolean {
  return semver.valid(version) === version;
}

/** Where a version's archive lives, relative to the index. */
export function packArchivePath(name: string, version: string): string {
  return `packs/${name}/${name}-${version}.tar.gz`;
}

function fail(source: string, what: string): never {
  throw new RegistryError(`${source}: not a faceforge registry index: ${what}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks the shape of an index (enough that search and resolve can trust it). */
export function parseRegistryIndex(text: string, source: string): RegistryIndex {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(source, `invalid JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) fail(source, 'expected a JSON object');
  if (data.apiVersion !== INDEX_API_VERSION) {
    throw new RegistryError(`${source}: index apiVersion ${JSON.stringify(data.apiVersion)} is not supported (this faceforge reads apiVersion ${INDEX_API_VERSION}); upgrade faceforge`);
  }
  if (!isObject(data.packs)) fail(source, '"packs" must be an object');
  if (!isObject(data.plugins)) fail(source, '"plugins" must be an object');
  for (const [name, pack] of Object.entries(data.packs)) {
    // names and versions become paths on a local registry: refuse anything that could leave it
    if (!isValidPackName(name)) fail(source, `pack name "${name}" is not allowed`);
    if (!isObject(pack) || !PACK_KINDS.includes(pack.kind as PackKind) || !isObject(pack.versions)) fail(source, `packs["${name}"] needs a kind (${PACK_KINDS.join('|')}) and versions`);
    for (const [version, entry] of Object.entries(pack.versions)) {
      if (!isValidPackVersion(version)) fail(source, `packs["${name}"] has an invalid version "${version}"`);
      if (!isObject(entry) || typeof entry.sha512 !== 'string' || typeof entry.path !== 'string' || typeof entry.size !== 'number') {
        fail(source, `packs["${name}"].versions["${version}"] needs sha512, size and path`);
      }
      if (entry.path !== packArchivePath(name, version)) fail(source, `packs["${name}"].versions["${version}"].path must be ${packArchivePath(name, version)}`);
    }
  }
  for (const [npmName, plugin] of Object.entries(data.plugins)) {
    if (!isObject(plugin) || !PLUGIN_KINDS.includes(plugin.kind as PluginKind) || typeof plugin.name !== 'string') fail(source, `plugins["${npmName}"] needs a kind (${PLUGIN_KINDS.join('|')}) and a name`);
  }
  return data as unknown as RegistryIndex;
}

/** Versions a client may pick without asking for them exactly: not yanked, newest first. */
export function installableVersions(pack: PackIndexEntry): string[] {
  return Object.keys(pack.versions)
    .filter((v) => !pack.versions[v]!.yanked)
    .sort(semver.rcompare);
}

/** What 'latest' means: the newest installable release, or the newest prerelease when there is no release. */
export function latestVersion(pack: PackIndexEntry): string | undefined {
  const installable = installableVersions(pack);
  return semver.maxSatisfying(installable, '*') ?? installable[0];
}
