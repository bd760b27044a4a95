/** Small JSON state files: read (a default when missing), written atomically. */
import { readFile } from 'node:fs/promises';
import { RegistryError, writeFileAtomic } from '@faceforge/packs';

export async function readJsonFile<T>(path: string, fallback: () => T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback();
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new RegistryError(`${path}: invalid JSON (${(error as Error).message}); restore it from a backup`);
  }
}

export async function writeJsonFile(path: string, data: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`);
}
