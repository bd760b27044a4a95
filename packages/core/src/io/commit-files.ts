/**
 * Commits a group of files (model parts, optimizer, state.json) as one unit.
 * All new contents are first written to fsynced temp files; then a journal listing the renames is
 * written atomically; then the renames run. A kill before the journal exists leaves the old files;
 * a kill after it is finished by `recoverCommit` on the next load. Either way the folder holds one
 * consistent, loadable model.
 */
import { readdir, readFile, rename, unlink, access } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory, writeFileAtomic, writeTempFile, type FileData } from './atomic.js';

const JOURNAL = '.commit-journal.json';

interface Journal {
  renames: Array<[temp: string, final: string]>;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function finish(dir: string, journal: Journal): Promise<void> {
  for (const [temp, final] of journal.renames) {
    if (await exists(join(dir, temp))) await rename(join(dir, temp), join(dir, final));
  }
  await fsyncDirectory(dir);
  await unlink(join(dir, JOURNAL)).catch(() => undefined);
  await fsyncDirectory(dir);
}

/** Test hook: lets a test stretch the window between journal and renames to kill a process there. */
const pauseMs = Number(process.env.FACEFORGE_TEST_COMMIT_PAUSE_MS ?? 0);

export async function commitFiles(dir: string, files: Record<string, FileData>): Promise<void> {
  const journal: Journal = { renames: [] };
  for (const [name, data] of Object.entries(files)) {
    const temp = await writeTempFile(join(dir, name), data);
    journal.renames.push([temp.slice(dir.length + 1), name]);
    if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  await writeFileAtomic(join(dir, JOURNAL), JSON.stringify(journal));
  if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  await finish(dir, journal);
}

/** Completes an interrupted commit and removes temp files a kill left behind. */
export async function recoverCommit(dir: string): Promise<boolean> {
  let recovered = false;
  const journalPath = join(dir, JOURNAL);
  if (await exists(journalPath)) {
    const journal = JSON.parse(await readFile(journalPath, 'utf8')) as Journal;
    await finish(dir, journal);
    recovered = true;
  }
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (/^\..+\.tmp-\d+-\d+$/.test(name)) await unlink(join(dir, name)).catch(() => undefined);
  }
  return recovered;
}
