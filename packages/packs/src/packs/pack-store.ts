/**
 * The local pack store, `packs/` in faceforge's data folder (io/faceforge-dirs.ts: $FACEFORGE_HOME/packs,
 * else $XDG_DATA_HOME/faceforge/packs):
 *
 *   packs/<kind>/<name>/<version>/manifest.json, README.md, <part>.weights   the pack, extracted
 *   packs/<kind>/<name>/<version>/<name>-<version>.tgz                      the archive as added
 *   packs/<kind>/<name>/<version>/store.json                                sha512, source, yanked
 *   packs/.tmp/                                                             extractions in progress
 *
 * A version folder appears whole (extract-pack renames it into place) and is never changed after,
 * except store.json's yanked flag; removal renames it away before deleting it.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { writeFileAtomic } from '../io/atomic.js';
import { faceforgeDirs } from '../io/faceforge-dirs.js';
import { PackError } from '../util/errors.js';
import type { PackArchive } from './archive-input.js';
import { extractPack } from './extract-pack.js';
import { inspectPack, sha256Hex, type InspectPackOptions } from './inspect-pack.js';
import { MANIFEST_FILE, packWeightsFile, parsePackManifest, type PackKind, type PackManifest } from './pack-manifest.js';
import { formatPackSpec, parsePackSpec } from './pack-spec.js';

export const PACK_KINDS: readonly PackKind[] = ['encoder', 'decoder'];
const STORE_FILE = 'store.json';
const TEMP_DIR = '.tmp';


interface StoreRecord {
  sha512: string;
  /** Where the archive came from: a file, a registry URL. */
  source: string;
  added: string;
  /** A registry said this version should not be chosen by a range any more. */
  yanked?: boolean;
}

export interface StoredPack {
  kind: PackKind;
  name: string;
  version: string;
  /** The version folder. */
  dir: string;
  archivePath: string;
  weightsPath: string;
  manifest: PackManifest;
  sha512: string;
  source: string;
  yanked: boolean;
}

export interface AddPackOptions extends Omit<InspectPackOptions, 'source'> {
  source: string;
  yanked?: boolean;
}

export function archiveFileName(manifest: Pick<PackManifest, 'name' | 'version'>): string {
  return `${manifest.name}-${manifest.version}.tgz`;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
}

export class PackStore {
  readonly root: string;

  /** `root`: the store's folder (default: packs/ of faceforge's data folder). */
  constructor(root: string = faceforgeDirs().packs) {
    this.root = root;
  }

  private versionDir(kind: PackKind, name: string, version: string): string {
    return join(this.root, kind, name, version);
  }

  private async load(kind: PackKind, name: string, version: string): Promise<StoredPack> {
    const dir = this.versionDir(kind, name, version);
    const manifestPath = join(dir, MANIFEST_FILE);
    const manifest = parsePackManifest(await readFile(manifestPath, 'utf8'), manifestPath);
    let record: StoreRecord;
    try {
      record = JSON.parse(await readFile(join(dir, STORE_FILE), 'utf8')) as StoreRecord;
    } catch {
      throw new PackError(`${dir}: ${STORE_FILE} is missing or corrupt; remove the folder and add the pack again`);
    }
    return {
      kind, name, version, dir, manifest, archivePath: join(dir, archiveFileName(manifest)), weightsPath: join(dir, packWeightsFile(manifest)),
      sha512: record.sha512, source: record.source, yanked: record.yanked === true,
    };
  }

  /** Every stored pack (of one kind), sorted by kind, name and version. */
  async list(kind?: PackKind): Promise<StoredPack[]> {
    const packs: StoredPack[] = [];
    for (const k of kind ? [kind] : PACK_KINDS) {
      for (const name of (await listDir(join(this.root, k))).sort()) {
        const versions = (await listDir(join(this.root, k, name))).filter((v) => semver.valid(v) === v).sort(semver.compare);
        for (const version of versions) packs.push(await this.load(k, name, version));
      }
    }
    return packs;
  }

  async versions(kind: PackKind, name: string): Promise<StoredPack[]> {
    return (await this.list(kind)).filter((p) => p.name === name);
  }

  /**
   * The highest stored version of `NAME@RANGE` (no range: the highest). Yanked versions are
   * skipped unless the range names that exact version.
   */
  async resolve(kind: PackKind, spec: string): Promise<StoredPack> {
    const parsed = parsePackSpec(spec);
    const all = await this.versions(kind, parsed.name);
    const exact = parsed.range !== undefined && semver.valid(parsed.range) !== null;
    const candidates = all.filter((p) => !p.yanked || exact);
    const best = semver.maxSatisfying(candidates.map((p) => p.version), parsed.range ?? '*');
    if (best === null) {
      const have = all.map((p) => p.version + (p.yanked ? ' (yanked)' : '')).join(', ');
      throw new PackError(
        `no ${kind} pack ${formatPackSpec(parsed)} in ${this.root}: ` +
          (have ? `stored versions are ${have}` : `none stored (add one with \`faceforge ${kind} pack\` or \`faceforge ${kind} pull\`)`),
      );
    }
    return all.find((p) => p.version === best)!;
  }

  /**
   * Verifies and adds an archive. Adding the same archive again is a no-op; a different archive
   * under a name@version already stored is refused (versions are immutable).
   */
  async add(archive: PackArchive, options: AddPackOptions): Promise<StoredPack & { added: boolean }> {
    const inspected = await inspectPack(archive, options);
    const { manifest, sha512 } = inspected;
    const dir = this.versionDir(manifest.kind, manifest.name, manifest.version);
    const existing = await this.load(manifest.kind, manifest.name, manifest.version).catch(() => undefined);
    if (existing) {
      if (existing.sha512 === sha512) return { ...existing, added: false };
      throw new PackError(
        `${options.source}: ${manifest.kind} ${manifest.name}@${manifest.version} is already in the store with different contents ` +
          `(${existing.sha512}, from ${existing.source}); versions never change: give this one a new version, or remove the stored one first`,
      );
    }
    const record: StoreRecord = { sha512, source: options.source, added: new Date().toISOString(), ...(options.yanked ? { yanked: true } : {}) };
    try {
      await extractPack(archive, {
        ...options, inspected, into: dir, tempRoot: join(this.root, TEMP_DIR),
        archiveCopy: archiveFileName(manifest), extraFiles: { [STORE_FILE]: `${JSON.stringify(record, null, 2)}\n` },
      });
    } catch (error) {
      // Another process added the same version meanwhile: fine if it is the same archive.
      const winner = await this.load(manifest.kind, manifest.name, manifest.version).catch(() => undefined);
      if (winner?.sha512 === sha512) return { ...winner, added: false };
      throw error;
    }
    return { ...(await this.load(manifest.kind, manifest.name, manifest.version)), added: true };
  }

  /** Marks a stored version yanked or not (as a registry reports it). */
  async setYanked(kind: PackKind, name: string, version: string, yanked: boolean): Promise<void> {
    const pack = await this.load(kind, name, version);
    const record: StoreRecord = { sha512: pack.sha512, source: pack.source, added: new Date().toISOString(), ...(yanked ? { yanked: true } : {}) };
    await writeFileAtomic(join(pack.dir, STORE_FILE), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** Removes one version, or every version of `name`. Returns the versions removed. */
  async remove(kind: PackKind, name: string, version?: string): Promise<string[]> {
    if (version !== undefined && semver.valid(version) !== version) throw new PackError(`remove takes ${name} or ${name}@VERSION with an exact version, not '${version}'`);
    const targets = (await this.versions(kind, name)).filter((p) => version === undefined || p.version === version);
    if (targets.length === 0) throw new PackError(`no ${kind} pack ${name}${version ? `@${version}` : ''} in ${this.root}`);
    await mkdir(join(this.root, TEMP_DIR), { recursive: true });
    for (const pack of targets) {
      // Rename first: a half-deleted folder must never look like a stored pack.
      const trash = await mkdtemp(join(this.root, TEMP_DIR, `remove-${process.pid}-`));
      await rename(pack.dir, join(trash, pack.version));
      await rm(trash, { recursive: true, force: true });
    }
    const left = await listDir(join(this.root, kind, name));
    if (left.length === 0) await rm(join(this.root, kind, name), { recursive: true, force: true });
    return targets.map((p) => p.version);
  }

  async readArchive(pack: StoredPack): Promise<Buffer> {
    return readFile(pack.archivePath);
  }

  /** The pack's weights file, checked again against the manifest's sha256 (the store is only a folder). */
  async readWeights(pack: StoredPack): Promise<Buffer> {
    const data = await readFile(pack.weightsPath);
    const listed = pack.manifest.files.find((f) => f.path === packWeightsFile(pack.manifest))!;
    if (sha256Hex(data) !== listed.sha256) {
      throw new PackError(`${pack.weightsPath}: does not match the sha256 in its manifest: the stored pack was changed or damaged; remove it and add it again`);
    }
    return data;
  }
}
