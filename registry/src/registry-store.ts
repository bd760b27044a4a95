/**
 * Every write to a registry directory: publish, deprecate, yank, plugin entries. The HTTP server is
 * a thin layer over this, and a local folder registry can be written through it too.
 *
 * Invariants: the public tree only ever holds complete archives and a complete index (temp file +
 * rename); a published version's archive is never replaced, yanked or not; index, owners and tokens
 * change under one lock, so of two publishes of one version exactly one wins.
 */
import { link, mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import semver from 'semver';
import {
  FaceforgeError, RegistryError, emptyIndex, fsyncDirectory, inspectPack, integrityMatches, isValidPackName, isValidPackVersion,
  packArchivePath, parseRegistryIndex, tempPathFor, writeTempFile, PLUGIN_KINDS,
  type PackVersionEntry, type PluginIndexEntry, type PluginKind, type PublishResult, type RegistryIndex, type RegistryWriter,
} from '@faceforge/packs';
import { registryPaths, type RegistryPaths } from './registry-paths.js';
import { StoreLock } from './store-lock.js';
import { readJsonFile, writeJsonFile } from './json-file.js';
import { addToken, listTokens, revokeTokens, userForToken, type TokenInfo } from './tokens.js';

export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export interface RegistryStoreOptions {
  /** Largest archive accepted (bytes). Default 512 MiB. */
  maxUploadBytes?: number;
}

type Owners = Record<string, string>;

/** npm package names, scoped or not. */
const NPM_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

export class RegistryStore implements RegistryWriter {
  readonly paths: RegistryPaths;
  readonly maxUploadBytes: number;
  private readonly lock: StoreLock;

  constructor(dir: string, options: RegistryStoreOptions = {}) {
    this.paths = registryPaths(dir);
    this.maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    this.lock = new StoreLock(this.paths.lock);
  }

  /** Creates the directory and an empty index, so even a new registry serves a valid layout. */
  async init(): Promise<void> {
    await mkdir(this.paths.privateDir, { recursive: true });
    await mkdir(this.paths.publicDir, { recursive: true });
    await this.lock.run(async () => {
      const existing = await readFile(this.paths.index).catch(() => undefined);
      if (!existing) await writeJsonFile(this.paths.index, emptyIndex());
    });
  }

  async readIndex(): Promise<RegistryIndex> {
    let text: string;
    try {
      text = await readFile(this.paths.index, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex();
      throw error;
    }
    return parseRegistryIndex(text, this.paths.index);
  }

  private async writeIndex(index: RegistryIndex): Promise<void> {
    index.generated = new Date().toISOString();
    await writeJsonFile(this.paths.index, index);
  }

  private readOwners(): Promise<Owners> {
    return readJsonFile<Owners>(this.paths.owners, () => ({}));
  }

  /** Creates a token for `user`; it is returned once and stored only hashed. */
  addToken(user: string): Promise<string> {
    return this.lock.run(() => addToken(this.paths.tokens, user));
  }

  /** Every token: its id (the start of its sha256), user and creation time; never the token. */
  listTokens(): Promise<TokenInfo[]> {
    return listTokens(this.paths.tokens);
  }

  /** Removes the tokens with this id, or every token of this user; returns those removed. */
  revokeTokens(which: { id?: string; user?: string }): Promise<TokenInfo[]> {
    return this.lock.run(() => revokeTokens(this.paths.tokens, which));
  }

  /** The user behind a bearer token; 401 when there is none. */
  async authenticate(token: string | undefined): Promise<string> {
    const user = token ? await userForToken(this.paths.tokens, token) : undefined;
    if (!user) throw new RegistryError('a valid token is required: send "Authorization: Bearer <token>" (tokens come from `faceforge registry token add`)', 401);
    return user;
  }

  /**
   * The cheap checks a server makes before reading an upload: a valid name and version, the user may
   * publish the name, and the version is new. `publishAs` makes them again under the lock.
   */
  async checkPublish(user: string, name: string, version: string): Promise<void> {
    checkNameAndVersion(name, version);
    checkOwner(await this.readOwners(), user, name);
    checkNewVersion(await this.readIndex(), name, version);
  }

  async publish(archive: Buffer, token: string): Promise<PublishResult> {
    return this.publishAs(await this.authenticate(token), archive);
  }

  /** A fresh path for an upload in progress (in private/uploads, on the same file system as public/). */
  uploadPath(name: string, version: string): string {
    return tempPathFor(join(this.paths.uploads, `${name}-${version}.tar.gz`));
  }

  async publishAs(user: string, archive: Buffer, expected?: { name: string; version: string }): Promise<PublishResult> {
    if (archive.length > this.maxUploadBytes) throw tooLarge(archive.length, this.maxUploadBytes);
    const temp = await writeTempFile(join(this.paths.uploads, 'upload.tar.gz'), archive);
    return this.publishUpload(user, temp, expected);
  }

  /**
   * Validates the uploaded file `temp` with @faceforge/packs' inspectPack (streaming, never trusting
   * the uploader), then links it into the layout and records it. `expected` is the name and version
   * the upload URL named. `temp` is removed in every case.
   */
  async publishUpload(user: string, temp: string, expected?: { name: string; version: string }): Promise<PublishResult> {
    try {
      return await this.placeUpload(user, temp, expected);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  private async placeUpload(user: string, temp: string, expected?: { name: string; version: string }): Promise<PublishResult> {
    const size = (await stat(temp)).size;
    if (size > this.maxUploadBytes) throw tooLarge(size, this.maxUploadBytes);
    const source = expected ? `upload of ${expected.name}@${expected.version}` : 'upload';
    let inspected;
    try {
      inspected = await inspectPack({ path: temp }, { source, maxTotalBytes: 4 * this.maxUploadBytes });
    } catch (error) {
      if (error instanceof FaceforgeError) throw new RegistryError(`rejected: ${error.message}`, 400);
      throw error;
    }
    const { manifest, sha512 } = inspected;
    const { name, version } = manifest;
    checkNameAndVersion(name, version);
    if (expected && (expected.name !== name || expected.version !== version)) {
      throw new RegistryError(`rejected: the URL says ${expected.name}@${expected.version} but the archive's manifest.json says ${name}@${version}`, 400);
    }

    const path = packArchivePath(name, version);
    const target = join(this.paths.publicDir, ...path.split('/'));
    // the slow parts (receiving, fsyncing and checking up to maxUploadBytes) happen before taking the lock
    return this.lock.run(async () => {
      const owners = await this.readOwners();
      checkOwner(owners, user, name);
      const index = await this.readIndex();
      checkNewVersion(index, name, version);
      const existing = index.packs[name];
      if (existing && existing.kind !== manifest.kind) {
        throw new RegistryError(`rejected: ${name} holds ${existing.kind} packs; ${name}@${version} is a ${manifest.kind} pack (publish it under another name)`, 400);
      }

      const placed = await placeArchive(temp, target, sha512);
      try {
        if (!owners[name]) {
          owners[name] = user;
          await writeJsonFile(this.paths.owners, owners);
        }
        const pack = existing ?? { kind: manifest.kind, description: '', keywords: [], plugin: manifest.model.plugin, versions: {} };
        pack.versions[version] = {
          sha512, size, path, published: new Date().toISOString(),
          fingerprint: manifest.fingerprint,
          ...(manifest.encoderFingerprint ? { encoderFingerprint: manifest.encoderFingerprint } : {}),
          pluginRange: manifest.model.pluginRange,
        };
        // the pack's description follows its newest version
        if (!existing || isNewest(pack.versions, version)) {
          pack.description = manifest.description ?? '';
          pack.keywords = manifest.keywords ?? [];
          pack.plugin = manifest.model.plugin;
        }
        index.packs[name] = pack;
        await this.writeIndex(index);
      } catch (error) {
        if (placed) await unlink(target).catch(() => undefined);
        throw error;
      }
      return { name, version, kind: manifest.kind, sha512, size, path };
    });
  }

  async deprecate(name: string, version: string, message: string, token: string): Promise<void> {
    await this.deprecateAs(await this.authenticate(token), name, version, message);
  }

  async yank(name: string, version: string, token: string): Promise<void> {
    await this.yankAs(await this.authenticate(token), name, version);
  }

  /** Marks a version deprecated (it still resolves, with a warning); an empty message lifts it. */
  deprecateAs(user: string, name: string, version: string, message: string): Promise<PackVersionEntry> {
    return this.changeVersion(user, name, version, (entry) => {
      if (message) entry.deprecated = message;
      else delete entry.deprecated;
    });
  }

  async unyank(name: string, version: string, token: string): Promise<void> {
    await this.unyankAs(await this.authenticate(token), name, version);
  }

  /** Withdraws a version from ranges; its archive stays, so exact pins keep working. */
  yankAs(user: string, name: string, version: string): Promise<PackVersionEntry> {
    return this.changeVersion(user, name, version, (entry) => {
      entry.yanked = true;
    });
  }

  /** Puts a yanked version back in ranges. */
  unyankAs(user: string, name: string, version: string): Promise<PackVersionEntry> {
    return this.changeVersion(user, name, version, (entry) => {
      delete entry.yanked;
    });
  }

  private async changeVersion(user: string, name: string, version: string, change: (entry: PackVersionEntry) => void): Promise<PackVersionEntry> {
    checkNameAndVersion(name, version);
    return this.lock.run(async () => {
      const index = await this.readIndex();
      const entry = index.packs[name]?.versions[version];
      if (!entry) throw new RegistryError(`no pack ${name}@${version} in this registry`, 404);
      checkOwner(await this.readOwners(), user, name);
      change(entry);
      await this.writeIndex(index);
      return entry;
    });
  }

  /** Lists a plugin (an npm package) in the index so `faceforge search` finds it. */
  async addPlugin(npmName: string, plugin: PluginIndexEntry): Promise<void> {
    if (!NPM_NAME.test(npmName)) throw new RegistryError(`"${npmName}" is not an npm package name`);
    if (!PLUGIN_KINDS.includes(plugin.kind as PluginKind)) throw new RegistryError(`plugin kind "${plugin.kind}" is not one of ${PLUGIN_KINDS.join(', ')}`);
    if (!plugin.name) throw new RegistryError(`plugin ${npmName} needs a name (its "faceforge".name)`);
    await this.lock.run(async () => {
      const index = await this.readIndex();
      index.plugins[npmName] = { kind: plugin.kind, name: plugin.name, description: plugin.description, keywords: plugin.keywords };
      await this.writeIndex(index);
    });
  }
}

/** `size` is undefined when the upload was cut off before its end (its length was not declared). */
export function tooLarge(size: number | undefined, limit: number): RegistryError {
  const actual = size === undefined ? 'larger than' : `${size} bytes, over`;
  return new RegistryError(`rejected: the archive is ${actual} this registry's limit of ${limit} bytes (the server's --max-upload-mb)`, 413);
}

function checkNameAndVersion(name: string, version: string): void {
  if (!isValidPackName(name)) throw new RegistryError(`rejected: "${name}" is not a valid pack name (lower-case letters, digits, '.', '_', '-'; up to 128)`, 400);
  if (!isValidPackVersion(version)) throw new RegistryError(`rejected: "${version}" is not a semver version (e.g. 1.0.0)`, 400);
}

function checkOwner(owners: Owners, user: string, name: string): void {
  const owner = owners[name];
  if (owner && owner !== user) throw new RegistryError(`${user} may not change ${name}: it belongs to ${owner}`, 403);
}

function checkNewVersion(index: RegistryIndex, name: string, version: string): void {
  const entry = index.packs[name]?.versions[version];
  if (entry) {
    const state = entry.yanked ? ' (yanked)' : '';
    throw new RegistryError(`${name}@${version} is already published${state}; a published version is never overwritten: publish a new version`, 409);
  }
}

function isNewest(versions: Record<string, unknown>, version: string): boolean {
  return Object.keys(versions).every((v) => !semver.gt(v, version));
}

/**
 * Hard-links the fsynced temp file to its place: the archive appears whole or not at all, and an
 * existing file is never replaced (link fails). A file already there with the same bytes is the
 * leftover of an interrupted publish, and is adopted. Returns whether this call created the file.
 */
async function placeArchive(temp: string, target: string, sha512: string): Promise<boolean> {
  await mkdir(dirname(target), { recursive: true });
  try {
    await link(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const present = await readFile(target);
    if (integrityMatches(present, sha512)) return false;
    throw new RegistryError(`${target} exists with other content but is not in the index; a published archive is never overwritten (remove it by hand if it is debris)`, 409);
  }
  await fsyncDirectory(dirname(target));
  return true;
}
