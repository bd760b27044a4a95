/**
 * The tar.gz container of a pack, written and read here rather than through tar's file-system
 * helpers so that (1) a build is byte-for-byte reproducible and (2) reading never touches the disk.
 *
 * Writing: entries sorted by name, every header field fixed (mtime 0, uid/gid 0, no user or group
 * names, mode 0644), then gzip at level 9 with a header that carries no timestamp and OS 255
 * ("unknown"), so the same files give the same archive on any machine.
 *
 * Reading is strict: only plain files with flat, safe names; no links, devices, fifos, folders,
 * pax or GNU long-name records; sizes checked against limits before any data is copied.
 */
import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { Header } from 'tar';
import { PackError } from '../util/errors.js';
import { PACK_FILE_PATTERN } from './pack-manifest.js';

const BLOCK = 512;
const FIXED_MTIME = new Date(0);
/** Byte 9 of a gzip header: the OS that wrote it. zlib fills in the build's OS; 255 means unknown. */
const GZIP_OS_OFFSET = 9;
const GZIP_OS_UNKNOWN = 255;

export interface TarEntry {
  path: string;
  data: Uint8Array;
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** A reproducible tar.gz of `entries` (sorted by path; the order given does not matter). */
export function writeTarGz(entries: TarEntry[]): Buffer {
  const sorted = [...entries].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  const chunks: Buffer[] = [];
  for (const entry of sorted) {
    if (!PACK_FILE_PATTERN.test(entry.path)) throw new PackError(`cannot pack '${entry.path}': pack files have flat names of letters, digits, '.', '_' and '-'`);
    const block = Buffer.alloc(BLOCK);
    const header = new Header({
      path: entry.path, type: 'File', mode: 0o644, uid: 0, gid: 0, uname: '', gname: '',
      size: entry.data.length, mtime: FIXED_MTIME,
    });
    // encode() answers whether a pax record would be needed: never for the short names allowed above.
    if (header.encode(block, 0)) throw new PackError(`cannot pack '${entry.path}': it needs a pax header`);
    chunks.push(block, Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.length), Buffer.alloc(padding(entry.data.length)));
  }
  chunks.push(Buffer.alloc(2 * BLOCK)); // end of archive
  // zlib writes mtime 0 and no file name; only the OS byte varies between builds of zlib.
  const gz = gzipSync(Buffer.concat(chunks), { level: 9, memLevel: 9, strategy: zlibConstants.Z_DEFAULT_STRATEGY });
  gz[GZIP_OS_OFFSET] = GZIP_OS_UNKNOWN;
  return gz;
}

export interface ReadTarLimits {
  /** Largest single file. */
  maxEntryBytes: number;
  /** Largest uncompressed archive (stops gzip bombs before they fill memory). */
  maxTotalBytes: number;
}

const TYPE_EXPLANATION: Record<string, string> = {
  SymbolicLink: 'a symbolic link', Link: 'a hard link', CharacterDevice: 'a character device', BlockDevice: 'a block device',
  FIFO: 'a fifo', Directory: 'a folder', ExtendedHeader: 'a pax header', GlobalExtendedHeader: 'a pax global header',
  NextFileHasLongPath: 'a GNU long-name record', NextFileHasLongLinkpath: 'a GNU long-link record', OldGnuLongPath: 'a GNU long-name record',
};

/** Why a name in an archive is unsafe, or undefined when it is a plain flat file name. */
function unsafePath(path: string): string | undefined {
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) return 'an absolute path';
  if (path.split(/[\\/]/).includes('..')) return "a path that climbs out of the pack ('..')";
  if (!PACK_FILE_PATTERN.test(path)) return 'a name that is not a flat file name (letters, digits, ".", "_", "-")';
  return undefined;
}

/**
 * Reads every file of a tar.gz into memory, refusing anything unsafe. `source` names the archive
 * in errors. Nothing is written anywhere.
 */
export function readTarGz(archive: Uint8Array, source: string, limits: ReadTarLimits): Map<string, Buffer> {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive, { maxOutputLength: limits.maxTotalBytes + 3 * BLOCK });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new PackError(`${source}: the archive unpacks to more than ${limits.maxTotalBytes} bytes, the limit: refused`);
    }
    throw new PackError(`${source}: not a readable tar.gz (${(error as Error).message}): the file is truncated or corrupt; download it again`);
  }
  const files = new Map<string, Buffer>();
  let offset = 0;
  let ended = false;
  while (offset + BLOCK <= tar.length) {
    const header = new Header(tar, offset);
    if (header.nullBlock) {
      ended = true;
      break;
    }
    if (!header.cksumValid) throw new PackError(`${source}: corrupt tar header at byte ${offset}: the archive is damaged`);
    const path = header.path ?? '';
    const type = header.type;
    if (type !== 'File' && type !== 'OldFile') {
      throw new PackError(`${source}: entry '${path}' is ${TYPE_EXPLANATION[type] ?? `an unsupported entry (${type})`}: packs hold only plain files; refused`);
    }
    const why = unsafePath(path);
    if (why) throw new PackError(`${source}: entry '${path}' has ${why}: refused`);
    const size = header.size ?? 0;
    if (size > limits.maxEntryBytes) throw new PackError(`${source}: entry '${path}' is ${size} bytes, over the limit of ${limits.maxEntryBytes}: refused`);
    if (files.has(path)) throw new PackError(`${source}: entry '${path}' appears twice: refused`);
    const start = offset + BLOCK;
    if (start + size > tar.length) throw new PackError(`${source}: entry '${path}' is cut short: the archive is truncated`);
    files.set(path, tar.subarray(start, start + size));
    offset = start + size + padding(size);
  }
  if (!ended) throw new PackError(`${source}: the tar has no end marker: the archive is truncated`);
  return files;
}
