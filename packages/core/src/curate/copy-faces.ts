/** Copies face files into a folder, each atomically (temp + rename), keeping their names. */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { DataError } from '../util/errors.js';

export async function copyFaces(paths: readonly string[], outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const path of paths) {
    const target = join(outDir, basename(path));
    const data = await readFile(path).catch((error: Error) => {
      throw new DataError(`${path}: cannot read (${error.message})`);
    });
    await writeFileAtomic(target, data);
    written.push(target);
  }
  return written;
}
