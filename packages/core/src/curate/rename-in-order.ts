/**
 * `sort --rename`: prefixes each face file with its place in the order (0001_name.png), keeping
 * every file. The plan is journaled first and done in two rename passes (all to temporary names,
 * then to the final ones), so names can swap freely and an interrupted rename is finished by the
 * next run (`recoverRenames`) instead of leaving a half-renamed folder. A prefix left by an
 * earlier sort of the same files is replaced, not stacked.
 */
import { access, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory, writeFileAtomic } from '../io/atomic.js';
import { DataError } from '../util/errors.js';

export const RENAME_JOURNAL = '.faceforge-rename.json';

interface RenameEntry {
  from: string;
  temp: string;
  to: string;
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** Width of the order prefix an earlier sort of exactly these names left (`0001_`), or 0. */
export function previousPrefixWidth(names: readonly string[]): number {
  const match = /^(\d+)_/.exec(names[0] ?? '');
  if (!match) return 0;
  const width = match[1]!.length;
  const numbers = names.map((n) => (new RegExp(`^(\\d{${width}})_.`).exec(n)?.[1]));
  if (numbers.some((n) => n === undefined)) return 0;
  const sorted = numbers.map(Number).sort((a, b) => a - b);
  return sorted.every((n, i) => n === i + 1) ? width : 0;
}

/** New names for `paths` in this order (all in one folder). */
export function orderedNames(paths: readonly string[]): Array<{ from: string; to: string }> {
  const names = paths.map((p) => basename(p));
  const strip = previousPrefixWidth(names);
  const width = Math.max(4, String(paths.length).length);
  return paths.map((from, i) => ({ from, to: join(dirname(from), `${String(i + 1).padStart(width, '0')}_${names[i]!.slice(strip ? strip + 1 : 0)}`) }));
}

async function runJournal(dir: string, entries: RenameEntry[]): Promise<void> {
  for (const { from, temp } of entries) if ((await exists(from)) && !(await exists(temp))) await rename(from, temp);
  await fsyncDirectory(dir);
  for (const { temp, to } of entries) if (await exists(temp)) await rename(temp, to);
  await fsyncDirectory(dir);
  await unlink(join(dir, RENAME_JOURNAL));
  await fsyncDirectory(dir);
}

/** Finishes a rename that was interrupted; returns whether there was one. */
export async function recoverRenames(dir: string): Promise<boolean> {
  const journal = join(dir, RENAME_JOURNAL);
  if (!(await exists(journal))) return false;
  let entries: RenameEntry[];
  try {
    entries = (JSON.parse(await readFile(journal, 'utf8')) as { renames: RenameEntry[] }).renames;
  } catch (error) {
    throw new DataError(`${journal}: an interrupted rename left an unreadable journal (${(error as Error).message}); check the folder and delete it`);
  }
  await runJournal(dir, entries);
  return true;
}

/** Renames `paths` (one folder) into this order; returns the renames done. */
export async function renameInOrder(paths: readonly string[]): Promise<Array<{ from: string; to: string }>> {
  if (paths.length === 0) return [];
  const dir = dirname(paths[0]!);
  await recoverRenames(dir);
  const plan = orderedNames(paths).filter((r) => r.from !== r.to);
  const moving = new Set(plan.map((r) => r.from));
  for (const { to } of plan) {
    if (!moving.has(to) && (await exists(to))) throw new DataError(`${to} already exists and is not one of the faces being sorted: move it away and sort again`);
  }
  const entries = plan.map((r, i) => ({ ...r, temp: join(dir, `.faceforge-rename-${i}.tmp`) }));
  await writeFileAtomic(join(dir, RENAME_JOURNAL), JSON.stringify({ renames: entries }));
  await runJournal(dir, entries);
  return plan;
}
