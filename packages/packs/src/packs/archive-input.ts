/**
 * A pack archive as the readers take it: bytes in memory or a file, read a chunk at a time either
 * way. Between chunks of an in-memory archive the event loop gets a turn (setImmediate), so a
 * server checking a large upload still answers other requests meanwhile.
 */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';

export type PackArchive = Uint8Array | { path: string };

const MEMORY_CHUNK = 1024 * 1024;
const FILE_CHUNK = 256 * 1024;

export function isArchiveFile(archive: PackArchive): archive is { path: string } {
  return !(archive instanceof Uint8Array);
}

/** The archive's bytes in order. A file is opened when iteration starts (ENOENT and the like surface then). */
export async function* archiveChunks(archive: PackArchive): AsyncGenerator<Buffer, void, undefined> {
  if (isArchiveFile(archive)) {
    yield* createReadStream(archive.path, { highWaterMark: FILE_CHUNK }) as AsyncIterable<Buffer>;
    return;
  }
  const bytes = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  for (let at = 0; at < bytes.length; at += MEMORY_CHUNK) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    yield bytes.subarray(at, at + MEMORY_CHUNK);
  }
}

/** SRI integrity ('sha512-<base64>') of an archive, read a chunk at a time. */
export async function archiveSha512(archive: PackArchive): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of archiveChunks(archive)) hash.update(chunk);
  return `sha512-${hash.digest('base64')}`;
}
