/**
 * Verifies a pack archive in memory, before anything is written: the archive's sha512 (when the
 * index or the user gives one) first, then every entry (plain files with safe names under the size
 * limits), then the manifest, then that the archive holds exactly the files the manifest lists,
 * each with its size and sha256. Used by extraction, the store, decoder import and the registry.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { PackError } from '../util/errors.js';
import { MANIFEST_FILE, parsePackManifest, type PackManifest } from './pack-manifest.js';
import { readTarGz } from './tar-archive.js';

/** Largest file a pack may hold by default: 1 GiB (Original's encoder is about 280 MB). */
export const DEFAULT_MAX_ENTRY_BYTES = 1024 ** 3;
/** Largest unpacked pack by default: 2 GiB. */
export const DEFAULT_MAX_TOTAL_BYTES = 2 * 1024 ** 3;
const MAX_MANIFEST_BYTES = 1024 ** 2;

export interface InspectPackOptions {
  /** Names the archive in errors: a file path, a URL or name@version. */
  source: string;
  /** SRI string 'sha512-<base64>' the archive must match (from a registry index or a lock). */
  expectedSha512?: string;
  maxEntryBytes?: number;
  maxTotalBytes?: number;
}

export interface InspectedPack {
  manifest: PackManifest;
  /** SRI integrity of the archive, 'sha512-<base64>'. */
  sha512: string;
}

export interface ReadPack extends InspectedPack {
  /** Every file of the archive by name, manifest.json included, verified. */
  files: Map<string, Buffer>;
}

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

/** Verifies the archive and returns its manifest and files (in memory). Throws a PackError on any problem. */
export function readPack(archive: Uint8Array, options: InspectPackOptions): ReadPack {
  const { source } = options;
  const sha512 = sha512Integrity(archive);
  if (options.expectedSha512 !== undefined) {
    if (!options.expectedSha512.startsWith('sha512-')) {
      throw new PackError(`${source}: expected integrity '${options.expectedSha512}' is not a 'sha512-<base64>' string`);
    }
    if (!sameText(sha512, options.expectedSha512)) {
      throw new PackError(`${source}: integrity check failed: the archive is ${sha512}, expected ${options.expectedSha512}. It was corrupted or tampered with; nothing was installed`);
    }
  }
  const files = readTarGz(archive, source, {
    maxEntryBytes: options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES,
    maxTotalBytes: options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES,
  });
  const manifestBytes = files.get(MANIFEST_FILE);
  if (!manifestBytes) throw new PackError(`${source}: no ${MANIFEST_FILE} in the archive: not a faceforge pack`);
  if (manifestBytes.length > MAX_MANIFEST_BYTES) throw new PackError(`${source}: ${MANIFEST_FILE} is ${manifestBytes.length} bytes, over the limit of ${MAX_MANIFEST_BYTES}`);
  const manifest = parsePackManifest(manifestBytes.toString('utf8'), source);

  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const path of files.keys()) {
    if (path !== MANIFEST_FILE && !listed.has(path)) throw new PackError(`${source}: '${path}' is in the archive but not listed in ${MANIFEST_FILE}: refused`);
  }
  for (const file of manifest.files) {
    const data = files.get(file.path);
    if (!data) throw new PackError(`${source}: ${MANIFEST_FILE} lists '${file.path}' but the archive does not hold it`);
    if (data.length !== file.size) throw new PackError(`${source}: '${file.path}' is ${data.length} bytes, ${MANIFEST_FILE} says ${file.size}: the pack is corrupt`);
    const actual = sha256Hex(data);
    if (actual !== file.sha256) throw new PackError(`${source}: '${file.path}' has sha256 ${actual}, ${MANIFEST_FILE} says ${file.sha256}: the pack is corrupt or was tampered with`);
  }
  return { manifest, sha512, files };
}

/**
 * Verifies a pack archive without writing anything and returns its manifest and SRI sha512.
 * The sha512 is checked before the archive is read at all.
 */
export async function inspectPack(
  archive: Buffer,
  options: { source: string; expectedSha512?: string; maxEntryBytes?: number; maxTotalBytes?: number },
): Promise<{ manifest: PackManifest; sha512: string }> {
  const { manifest, sha512 } = readPack(archive, options);
  return { manifest, sha512 };
}
