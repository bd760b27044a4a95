/**
 * Snapshots: a full copy of the model folder in a sibling `<model>_snapshot_<N>_iters`, written to
 * a temp folder first and renamed into place, so a snapshot is either complete or absent. Its
 * history (restore points, archived files) stays behind.
 */
import { cp, rename, rm, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { LOCK_FILE } from '../io/model-lock.js';
import { ARCHIVE_PREFIX } from '../model/archive-folder.js';
import { RESTORE_POINTS_DIR } from '../model/restore-points.js';

export function snapshotDir(modelDir: string, iterations: number): string {
  const dir = resolve(modelDir);
  return join(dirname(dir), `${basename(dir)}_snapshot_${iterations}_iters`);
}

/** Restore points and archived files are the folder's history, not the model: a snapshot leaves them out. */
function isHistory(modelDir: string, source: string): boolean {
  const top = relative(modelDir, source).split(sep)[0] ?? '';
  return top === RESTORE_POINTS_DIR || top.startsWith(ARCHIVE_PREFIX);
}

export async function writeSnapshot(modelDir: string, iterations: number): Promise<string> {
  const target = snapshotDir(modelDir, iterations);
  const temp = `${target}.tmp-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await cp(modelDir, temp, {
    recursive: true,
    filter: (source) => !/\.tmp-\d+-\d+$/.test(source) && !source.endsWith('.commit-journal.json') && !basename(source).startsWith(LOCK_FILE) && !isHistory(modelDir, source),
  });
  await rm(target, { recursive: true, force: true });
  await rename(temp, target);
  return target;
}

/** Snapshot folders of a model, oldest first. */
export async function listSnapshots(modelDir: string): Promise<string[]> {
  const dir = resolve(modelDir);
  const prefix = `${basename(dir)}_snapshot_`;
  const names = await readdir(dirname(dir)).catch(() => [] as string[]);
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith('_iters'))
    .sort((x, y) => Number(x.slice(prefix.length).split('_')[0]) - Number(y.slice(prefix.length).split('_')[0]))
    .map((n) => join(dirname(dir), n));
}
