/**
 * Downloads an archive a chunk at a time, checked on the way against the index: reading stops as
 * soon as it passes the size the index gives (or the server declares more), and the sha512 is
 * compared at the end. To a file: the bytes go to a temp file beside it, renamed into place only
 * when both checks pass; on any failure the temp file is removed, so nothing is left behind.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from '../io/atomic.js';
import { RegistryError } from '../util/errors.js';
import type { PackVersionEntry } from './index-format.js';
import type { RegistrySource } from './registry-source.js';

function replaced(where: string, entry: PackVersionEntry, size: string): RegistryError {
  return new RegistryError(`${where}: ${size}, but the index says ${entry.size}: a truncated or replaced archive; not using it`);
}

/** The archive's bytes; throws a RegistryError when size or sha512 is wrong: a caller keeps nothing it got until the end. */
export async function* verifiedArchive(source: RegistrySource, entry: PackVersionEntry): AsyncGenerator<Buffer, void, undefined> {
  const where = source.describe(entry.path);
  const { size, chunks } = await source.open(entry.path);
  if (size !== undefined && size > entry.size) {
    // not read at all: close the stream
    await chunks[Symbol.asyncIterator]().return?.();
    throw replaced(where, entry, `${size} bytes`);
  }
  const hash = createHash('sha512');
  let received = 0;
  for await (const raw of chunks) {
    const chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    received += chunk.length;
    if (received > entry.size) throw replaced(where, entry, `more than ${entry.size} bytes`);
    hash.update(chunk);
    yield chunk;
  }
  if (received !== entry.size) throw replaced(where, entry, `${received} bytes`);
  const actual = Buffer.from(`sha512-${hash.digest('base64')}`);
  const wanted = Buffer.from(entry.sha512);
  if (actual.length !== wanted.length || !timingSafeEqual(actual, wanted)) {
    throw new RegistryError(`${where}: integrity check failed: the index says ${entry.sha512}, the download is ${actual.toString()}; the archive was altered or corrupted, not using it`);
  }
}

/** Downloads into `file` (replacing it) only when the archive checks out. */
export async function downloadToFile(source: RegistrySource, entry: PackVersionEntry, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempPathFor(file);
  const handle = await open(temp, 'wx', 0o644);
  try {
    for await (const chunk of verifiedArchive(source, entry)) await handle.write(chunk);
    await handle.sync();
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
