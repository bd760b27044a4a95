/**
 * The tar.gz container of a pack, written and read here rather than through tar's file-system
 * helpers so that (1) a build is byte-for-byte reproducible and (2) reading never touches the disk.
 *
 * Writing: entries sorted by name, every header field fixed (mtime 0, uid/gid 0, no user or group
 * names, mode 0644), then gzip at level 9 with a header that carries no timestamp and OS 255
 * ("unknown"), so the same files give the same archive on any machine.
 *
 * Reading is strict and streams: only plain files with flat, safe names; no links, devices, fifos,
 * folders, pax or GNU long-name records; each header's size is checked against the limits before
 * its data is read, so a gzip bomb is refused at the header that passes a limit, holding no more
 * than one chunk in memory; after the end marker only zeros may follow, and nothing after the
 * gzip member (gzip-member.ts).
 */
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import { Header } from 'tar';
import { PackError } from '../util/errors.js';
import { PACK_FILE_PATTERN } from './pack-manifest.js';
import { inflateGzipMember } from './gzip-member.js';

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
  /** Largest uncompressed archive (stops gzip bombs before they cost time or memory). */
  maxTotalBytes: number;
  /** Most entries (a pack holds three files). */
  maxEntries: number;
}

/** Where one entry's bytes go, a chunk at a time. */
export interface TarEntrySink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
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

const ZEROS = Buffer.alloc(64 * 1024);

function allZero(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length; at += ZEROS.length) {
    const part = bytes.subarray(at, at + ZEROS.length);
    if (!part.equals(ZEROS.subarray(0, part.length))) return false;
  }
  return true;
}

/**
 * Reads a tar.gz a chunk at a time, refusing anything unsafe the moment its header is read, and
 * hands each file's bytes to the sink `open` returns for it. `source` names the archive in errors.
 * Nothing is written anywhere except by the sinks.
 */
export async function readTarGz(
  input: AsyncIterable<Uint8Array>,
  source: string,
  limits: ReadTarLimits,
  open: (path: string, size: number) => TarEntrySink | Promise<TarEntrySink>,
): Promise<void> {
  const tooBig = () => new PackError(`${source}: the archive unpacks to more than ${limits.maxTotalBytes} bytes, the limit: refused`);
  const header = Buffer.alloc(BLOCK);
  let headerFilled = 0;
  /** Bytes of the tar read so far. */
  let position = 0;
  let entries = 0;
  const seen = new Set<string>();
  let sink: TarEntrySink | undefined;
  let dataLeft = 0;
  let paddingLeft = 0;
  let ended = false;
  let current = '';

  const startEntry = async (): Promise<void> => {
    const at = position - BLOCK;
    const parsed = new Header(header, 0);
    if (parsed.nullBlock) {
      ended = true;
      return;
    }
    if (!parsed.cksumValid) throw new PackError(`${source}: corrupt tar header at byte ${at}: the archive is damaged (truncated or corrupt); download it again`);
    const path = parsed.path ?? '';
    const type = parsed.type;
    if (type !== 'File' && type !== 'OldFile') {
      throw new PackError(`${source}: entry '${path}' is ${TYPE_EXPLANATION[type] ?? `an unsupported entry (${type})`}: packs hold only plain files; refused`);
    }
    const why = unsafePath(path);
    if (why) throw new PackError(`${source}: entry '${path}' has ${why}: refused`);
    const size = parsed.size ?? 0;
    if (size > limits.maxEntryBytes) throw new PackError(`${source}: entry '${path}' is ${size} bytes, over the limit of ${limits.maxEntryBytes}: refused`);
    if (position + size > limits.maxTotalBytes) throw tooBig();
    if (seen.has(path)) throw new PackError(`${source}: entry '${path}' appears twice: refused`);
    if (++entries > limits.maxEntries) throw new PackError(`${source}: more than ${limits.maxEntries} entries: packs hold a few files; refused`);
    seen.add(path);
    current = path;
    sink = await open(path, size);
    dataLeft = size;
    paddingLeft = padding(size);
    if (size === 0) await finishEntry();
  };
  const finishEntry = async (): Promise<void> => {
    const done = sink!;
    sink = undefined;
    await done.end();
  };

  for await (const chunk of inflateGzipMember(input, source)) {
    let at = 0;
    while (at < chunk.length) {
      if (ended) {
        // after the end marker: zeros only (the second end block, record padding), up to the limit
        const rest = chunk.subarray(at);
        position += rest.length;
        if (position > limits.maxTotalBytes + 3 * BLOCK) throw tooBig();
        if (!allZero(rest)) throw new PackError(`${source}: data after the end of the tar: refused`);
        break;
      }
      if (sink && dataLeft > 0) {
        const take = Math.min(dataLeft, chunk.length - at);
        await sink.write(chunk.subarray(at, at + take));
        at += take;
        position += take;
        dataLeft -= take;
        if (dataLeft === 0) await finishEntry();
        continue;
      }
      if (paddingLeft > 0) {
        const take = Math.min(paddingLeft, chunk.length - at);
        at += take;
        position += take;
        paddingLeft -= take;
        continue;
      }
      const take = Math.min(BLOCK - headerFilled, chunk.length - at);
      chunk.copy(header, headerFilled, at, at + take);
      headerFilled += take;
      at += take;
      position += take;
      if (headerFilled === BLOCK) {
        headerFilled = 0;
        await startEntry();
      }
    }
  }
  if (sink || paddingLeft > 0) throw new PackError(`${source}: entry '${current}' is cut short: the archive is truncated`);
  if (headerFilled > 0) throw new PackError(`${source}: a tar header is cut short: the archive is truncated`);
  if (!ended) throw new PackError(`${source}: the tar has no end marker: the archive is truncated`);
}
