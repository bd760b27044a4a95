/**
 * Atomic file writes: temp file in the same folder, fsync, rename, fsync the folder.
 * A crash or kill at any moment leaves either the old file or the new one, never half of one.
 */
import { open, rename, unlink, mkdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

let counter = 0;

export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter++}`);
}

/** File contents: text, bytes, or byte chunks written in order (large weights files, without joining them). */
export type FileData = string | Uint8Array | readonly Uint8Array[];

/** Writes data to a temp file next to `path` and fsyncs it. Returns the temp path. */
export async function writeTempFile(path: string, data: FileData): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const handle = await open(temp, 'w');
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    else for (const chunk of data) await handle.writeFile(chunk);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(path: string, data: FileData): Promise<void> {
  const temp = await writeTempFile(path, data);
  await rename(temp, path);
  await fsyncDirectory(dirname(path));
}
