/**
 * The registry client: one object for a registry at an http(s) URL or in a local folder. Reads go
 * to the static layout (index.json and archives), so any static host works; writes go to the
 * registry server's API. Every download is checked against the sha512 in the index.
 */
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { RegistryError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { INDEX_FILE, parseRegistryIndex, type PackVersionEntry, type RegistryIndex } from './index-format.js';
import { downloadToFile, verifiedArchive } from './verified-download.js';
import { resolveVersion, type ResolvedPack } from './resolve-version.js';
import { searchIndex, type SearchQuery, type SearchResults } from './search-index.js';
import { HttpSource } from './http-source.js';
import { DirectorySource } from './directory-source.js';
import { HttpWriter } from './http-writer.js';
import type { RegistrySource } from './registry-source.js';
import type { PublishResult, RegistryWriter } from './registry-writer.js';

export const REGISTRY_ENV = 'FACEFORGE_REGISTRY';

export interface OpenRegistryOptions {
  /** Where resolve's warnings (deprecated, yanked) go. */
  logger?: Logger;
  /** Writes to a local folder registry go through this (the server's store); without it a folder is read-only. */
  writer?: RegistryWriter;
}

export interface PackVersionInfo extends PackVersionEntry {
  version: string;
}

export interface PackRegistry {
  /** The base URL (ending in '/') or the folder holding index.json. */
  readonly location: string;
  index(): Promise<RegistryIndex>;
  search(query?: SearchQuery): Promise<SearchResults>;
  /** Every version of a pack, yanked ones included, newest first. */
  versions(name: string): Promise<PackVersionInfo[]>;
  /** The highest version satisfying `range` that is not yanked (a yanked one only when named exactly). */
  resolve(name: string, range?: string): Promise<ResolvedPack>;
  /** The archive's bytes, verified against the size and sha512 in the index on the way. */
  download(name: string, version: string): Promise<Buffer>;
  /** The archive streamed into `file`, which appears only when size and sha512 check out. */
  downloadTo(name: string, version: string, file: string): Promise<void>;
  publish(archive: Buffer, token: string): Promise<PublishResult>;
  deprecate(name: string, version: string, message: string, token: string): Promise<void>;
  yank(name: string, version: string, token: string): Promise<void>;
  unyank(name: string, version: string, token: string): Promise<void>;
}

function readOnlyWriter(location: string): RegistryWriter {
  const refuse = async (): Promise<never> => {
    throw new RegistryError(`${location}: a registry folder is read-only here; publish to its server (\`faceforge registry serve --dir ...\`) by URL`);
  };
  return { publish: refuse, deprecate: refuse, yank: refuse, unyank: refuse };
}

/** A registry at `urlOrPath`, or at FACEFORGE_REGISTRY when none is given. */
export function openRegistry(urlOrPath: string | undefined = process.env[REGISTRY_ENV], options: OpenRegistryOptions = {}): PackRegistry {
  if (!urlOrPath) throw new RegistryError(`no registry given: pass a URL or folder (--registry) or set ${REGISTRY_ENV}`);
  const logger = options.logger ?? silentLogger;
  let source: RegistrySource;
  let writer: RegistryWriter;
  if (/^https?:\/\//i.test(urlOrPath)) {
    const http = new HttpSource(urlOrPath);
    source = http;
    writer = new HttpWriter(http.location);
  } else {
    source = new DirectorySource(urlOrPath.startsWith('file:') ? fileURLToPath(urlOrPath) : urlOrPath);
    writer = options.writer ?? readOnlyWriter(source.location);
  }

  const index = async (): Promise<RegistryIndex> => parseRegistryIndex((await source.read(INDEX_FILE)).toString('utf8'), source.describe(INDEX_FILE));

  const entryOf = (idx: RegistryIndex, name: string, version: string): PackVersionEntry => {
    const entry = idx.packs[name]?.versions[version];
    if (!entry) throw new RegistryError(`${source.describe(INDEX_FILE)}: no pack ${name}@${version}`, 404);
    return entry;
  };

  return {
    location: source.location,
    index,
    search: async (query = {}) => searchIndex(await index(), query),
    versions: async (name) => {
      const pack = (await index()).packs[name];
      if (!pack) throw new RegistryError(`${source.describe(INDEX_FILE)}: no pack named "${name}"`, 404);
      return newestFirst(pack.versions);
    },
    resolve: async (name, range) => resolveVersion(await index(), name, range, source.describe(INDEX_FILE), logger),
    download: async (name, version) => {
      const chunks: Buffer[] = [];
      for await (const chunk of verifiedArchive(source, entryOf(await index(), name, version))) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
    downloadTo: async (name, version, file) => downloadToFile(source, entryOf(await index(), name, version), file),
    publish: (archive, token) => writer.publish(archive, token),
    deprecate: (name, version, message, token) => writer.deprecate(name, version, message, token),
    yank: (name, version, token) => writer.yank(name, version, token),
    unyank: (name, version, token) => writer.unyank(name, version, token),
  };
}

function newestFirst(versions: Record<string, PackVersionEntry>): PackVersionInfo[] {
  return Object.entries(versions)
    .map(([version, entry]) => ({ version, ...entry }))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}
