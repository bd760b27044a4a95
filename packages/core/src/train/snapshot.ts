/**
 * Snapshots: a full copy of the model folder in a sibling `<model>_snapshot_<N>_iters`, written to
 * a temp folder first and renamed into place, so a snapshot is either complete or absent.
 */
import { cp, rename, rm, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LOCK_FILE } from '../io/model-lock.js';

export function snapshotDir(modelDir: string, iterations: number): string {
  const dir = resolve(modelDir);
  return join(dirname(dir), `${basename(dir)}_snapshot_${iterations}_iters`);
}

export async function writeSnapshot(modelDir: string, iterations: number): Promise<string> {
  const target = snapshotDir(modelDir, iterations);
  const temp = `${target}.tmp-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await cp(modelDir, temp, {
    recursive: true,
    filter: (source) => !/\.tmp-\d+-\d+$/.test(source) && !source.endsWith('.commit-journal.json') && !basename(source).startsWith(LOCK_FILE),
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
