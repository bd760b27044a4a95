/**
 * Commits a group of files (model parts, optimizer, state.json) as one unit.
 * All new contents are first written to fsynced temp files; then a journal listing the renames is
 * written atomically; then the renames run. A kill before the journal exists leaves the old files;
 * a kill after it is finished by `recoverCommit` on the next load. Either way the folder holds one
 * consistent, loadable model. Only the holder of the folder's lock (model-lock.ts) may recover: the
 * temp files of a live writer are its save in progress.
 */
import { readdir, readFile, rename, unlink, access } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ModelFileError } from '../util/errors.js';
import { fsyncDirectory, writeFileAtomic, writeTempFile, type FileData } from './atomic.js';
import { ModelLockedError, acquireModelLock, holdsModelLock } from './model-lock.js';

const JOURNAL = '.commit-journal.json';
const TEMP_FILE = /^\..+\.tmp-\d+-\d+$/;

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
    // Relative to the folder as `join` spells it: `dir` may be 'models/x/', './x' or 'a/../x'.
    journal.renames.push([relative(dir, temp), name]);
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
    if (TEMP_FILE.test(name)) await unlink(join(dir, name)).catch(() => undefined);
  }
  return recovered;
}

async function hasUnfinishedCommit(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((name) => name === JOURNAL || TEMP_FILE.test(name));
}

/** How long a reader waits for a live writer's renames (milliseconds: a commit renames a handful of files). */
const WRITER_WAIT_MS = 30_000;

/**
 * What any command does before reading a model folder. A commit left by a dead writer is finished
 * (under the lock, so no writer can start meanwhile); a live writer's files are left alone, and
 * while it renames (its journal exists) the reader waits, so it reads state and weights of one
 * iteration. A folder the reader may not write is read as it is.
 */
export async function settleCommit(dir: string): Promise<void> {
  if (!(await hasUnfinishedCommit(dir))) return;
  if (holdsModelLock(dir)) {
    await recoverCommit(dir);
    return;
  }
  let lock;
  try {
    lock = await acquireModelLock(dir, 'recovery of an interrupted save');
  } catch (error) {
    if (error instanceof ModelLockedError) {
      const until = Date.now() + WRITER_WAIT_MS;
      while (Date.now() < until && (await exists(join(dir, JOURNAL)))) await new Promise((resolve) => setTimeout(resolve, 20));
      return;
    }
    if (['EACCES', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await recoverCommit(dir);
  } finally {
    await lock.release();
  }
}

/**
 * What a reader compares before and after reading a folder to know no commit ran meanwhile:
 * state.json's text (every commit rewrites it; '' when there is none), or undefined while a
 * commit's renames run (its journal exists from before the first rename to after the last).
 */
async function commitMark(dir: string): Promise<string | undefined> {
  if (await exists(join(dir, JOURNAL))) return undefined;
  return readFile(join(dir, 'state.json'), 'utf8').catch(() => '');
}

/**
 * Runs `read` over a model folder, again if a save was committed meanwhile (a trainer may be
 * saving beside the reader), so what it read is of one save: state and weights of one iteration.
 */
export async function readOneSave<T>(dir: string, read: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await settleCommit(dir);
    const before = await commitMark(dir);
    const result = await read();
    if (before !== undefined && before === (await commitMark(dir))) return result;
    if (attempt === attempts) throw new ModelFileError(`${dir}: a save was committed during each of ${attempts} attempts to read the model (a trainer saving very often?); try again`);
  }
}
