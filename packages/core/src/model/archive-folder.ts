/**
 * `archived_<date>_<time>/` inside a model folder: where `restore` and `train --new` put the files
 * they replace, so nothing a user trained is ever deleted by a command.
 */
import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE } from '../io/model-lock.js';

export const ARCHIVE_PREFIX = 'archived_';

/** Creates a new, empty archive folder in `modelDir` (a second one in the same second gets a suffix). */
export async function createArchiveFolder(modelDir: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..+/, '').replace('T', '_');
  for (let n = 1; ; n++) {
    const path = join(modelDir, `${ARCHIVE_PREFIX}${stamp}${n === 1 ? '' : `-${n}`}`);
    try {
      await mkdir(path);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Moves everything in `modelDir` (but the lock and earlier archives) into a new archive folder; none when there is nothing. */
export async function archiveModelFiles(modelDir: string): Promise<{ archive?: string; moved: string[] }> {
  const names = (await readdir(modelDir)).filter((name) => !name.startsWith(LOCK_FILE) && !name.startsWith(ARCHIVE_PREFIX));
  if (names.length === 0) return { moved: names };
  const archive = await createArchiveFolder(modelDir);
  for (const name of names) await rename(join(modelDir, name), join(archive, name));
  return { archive, moved: names };
}
