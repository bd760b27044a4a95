/**
 * Verifies a pack archive, streaming, before anything is written: the archive's sha512 (when the
 * index or the user gives one) first, then every entry as its header arrives (plain files with safe
 * names under the size and entry limits), each file's size and sha256 as its bytes pass, then the
 * manifest, then that the archive holds exactly the files the manifest lists. Memory holds a chunk,
 * the manifest, and only the files a caller asks to keep. Used by extraction, the store, decoder
 * import and the registry.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { PackError } from '../util/errors.js';
import { MANIFEST_FILE, parsePackManifest, type PackManifest } from './pack-manifest.js';
import { archiveChunks, archiveSha512, type PackArchive } from './archive-input.js';
import { readTarGz, type TarEntrySink } from './tar-archive.js';

/** Largest file a pack may hold by default: 1 GiB (Original's encoder is about 280 MB). */
export const DEFAULT_MAX_ENTRY_BYTES = 1024 ** 3;
/** Largest unpacked pack by default: 2 GiB. */
export const DEFAULT_MAX_TOTAL_BYTES = 2 * 1024 ** 3;
/** Most entries in a pack (it holds three files). */
export const DEFAULT_MAX_ENTRIES = 16;
const MAX_MANIFEST_BYTES = 1024 ** 2;

export interface InspectPackOptions {
  /** Names the archive in errors: a file path, a URL or name@version. */
  source: string;
  /** SRI string 'sha512-<base64>' the archive must match (from a registry index or a lock). */
  expectedSha512?: string;
  maxEntryBytes?: number;
  maxTotalBytes?: number;
  maxEntries?: number;
}

export interface InspectedPack {
  manifest: PackManifest;
  /** SRI integrity of the archive, 'sha512-<base64>'. */
  sha512: string;
}

export interface ReadPack extends InspectedPack {
  /** The files asked for (all by default), manifest.json included, verified. */
  files: Map<string, Buffer>;
}

/** Where a file's verified bytes go besides the hash: undefined drops them. */
export type PackFileSink = (path: string, size: number) => TarEntrySink | undefined | Promise<TarEntrySink | undefined>;

/** SRI integrity ('sha512-<base64>') of some bytes, as npm and the registry index write it. */
export function sha512Integrity(data: Uint8Array): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function integrityFailure(source: string, actual: string, expected: string): PackError {
  return new PackError(`${source}: integrity check failed: the archive is ${actual}, expected ${expected}. It was corrupted or tampered with; nothing was installed`);
}

/**
 * Reads the archive once, checking everything, and hands each file's bytes to `sinkFor` as they
 * pass. The sinks see bytes before the manifest is checked: a caller that writes them must throw
 * the result away when this throws.
 */
export async function verifyPack(archive: PackArchive, options: InspectPackOptions, sinkFor?: PackFileSink): Promise<InspectedPack> {
  const { source } = options;
  const expected = options.expectedSha512;
  if (expected !== undefined) {
    if (!expected.startsWith('sha512-')) throw new PackError(`${source}: expected integrity '${expected}' is not a 'sha512-<base64>' string`);
    const actual = await archiveSha512(archive);
    if (!sameText(actual, expected)) throw integrityFailure(source, actual, expected);
  }
  const archiveHash = createHash('sha512');
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of archiveChunks(archive)) {
      archiveHash.update(chunk);
      yield chunk;
    }
  }
  const found = new Map<string, { size: number; sha256: string }>();
  const manifestChunks: Buffer[] = [];
  const limits = {
    maxEntryBytes: options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
    maxTotalBytes: options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES,
    maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
  };
  await readTarGz(hashed(), source, limits, async (path, size) => {
    const isManifest = path === MANIFEST_FILE;
    if (isManifest && size > MAX_MANIFEST_BYTES) throw new PackError(`${source}: ${MANIFEST_FILE} is ${size} bytes, over the limit of ${MAX_MANIFEST_BYTES}`);
    const hash = createHash('sha256');
    const extra = await sinkFor?.(path, size);
    return {
      write: async (chunk) => {
        hash.update(chunk);
        if (isManifest) manifestChunks.push(Buffer.from(chunk));
        await extra?.write(chunk);
      },
      end: async () => {
        found.set(path, { size, sha256: hash.digest('hex') });
        await extra?.end();
      },
    };
  });
  const sha512 = `sha512-${archiveHash.digest('base64')}`;
  // a file that changed between the sha512 pass and this one
  if (expected !== undefined && !sameText(sha512, expected)) throw integrityFailure(source, sha512, expected);

  if (!found.has(MANIFEST_FILE)) throw new PackError(`${source}: no ${MANIFEST_FILE} in the archive: not a faceforge pack`);
  const manifest = parsePackManifest(Buffer.concat(manifestChunks).toString('utf8'), source);
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const path of found.keys()) {
    if (path !== MANIFEST_FILE && !listed.has(path)) throw new PackError(`${source}: '${path}' is in the archive but not listed in ${MANIFEST_FILE}: refused`);
  }
  for (const file of manifest.files) {
    const data = found.get(file.path);
    if (!data) throw new PackError(`${source}: ${MANIFEST_FILE} lists '${file.path}' but the archive does not hold it`);
    if (data.size !== file.size) throw new PackError(`${source}: '${file.path}' is ${data.size} bytes, ${MANIFEST_FILE} says ${file.size}: the pack is corrupt`);
    if (data.sha256 !== file.sha256) throw new PackError(`${source}: '${file.path}' has sha256 ${data.sha256}, ${MANIFEST_FILE} says ${file.sha256}: the pack is corrupt or was tampered with`);
  }
  return { manifest, sha512 };
}

/** Verifies a pack archive without writing anything and returns its manifest and SRI sha512. */
export async function inspectPack(archive: PackArchive, options: InspectPackOptions): Promise<InspectedPack> {
  return verifyPack(archive, options);
}

/**
 * Verifies the archive and returns its manifest and the files `keep` asks for (every file by
 * default) in memory: a file is held only once its header passed the limits.
 */
export async function readPack(archive: PackArchive, options: InspectPackOptions & { keep?: (path: string) => boolean }): Promise<ReadPack> {
  const files = new Map<string, Buffer>();
  const pack = await verifyPack(archive, options, (path, size) => {
    if (options.keep && !options.keep(path)) return undefined;
    const data = Buffer.alloc(size);
    let filled = 0;
    return {
      write: (chunk) => {
        filled += chunk.copy(data, filled);
      },
      end: () => {
        files.set(path, data);
      },
    };
  });
  return { ...pack, files };
}
