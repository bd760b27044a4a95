/**
 * `faceforge restore`: roll a model back to a restore point (model/restore-points.ts): by default the
 * backup saved at the lowest loss, or one chosen with `--to`.
 * The current files are first copied into `archived_<timestamp>/`, so nothing is lost. Holds the
 * model's lock: a restore under a running trainer would be overwritten at its next save.
 */
import { readdir, readFile, copyFile, access, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { commitFiles, recoverCommit } from '../io/commit-files.js';
import { withModelLock } from '../io/model-lock.js';
import { listRestorePoints, pickRestorePoint, type RestorePoint } from '../model/restore-points.js';
import { createArchiveFolder } from '../model/archive-folder.js';
import { ModelFileError } from '../util/errors.js';
import { readState, STATE_FILE } from './model-state.js';
import { OPTIMIZER_FILE, partFile } from '../model/model-files.js';
import { listSnapshots } from './snapshot.js';
import type { Logger } from '../util/logger.js';

export interface RestoreResult {
  restored: string[];
  archive: string;
  iterations: number;
  /** The restore point used (`lowest-loss` or a replacement point's id). */
  point: string;
}

/** The model's restore points (read-only: no lock). */
export async function modelRestorePoints(modelDir: string): Promise<RestorePoint[]> {
  await access(modelDir).catch(() => {
    throw new ModelFileError(`model folder ${modelDir} does not exist`);
  });
  return listRestorePoints(modelDir);
}

/**
 * Rolls the model back to a restore point: `to` is its id or an iteration; by default the loss
 * backup. `log` gets the note when a dead process's lock is taken over.
 */
export async function restoreBackup(modelDir: string, log?: Logger, to?: string): Promise<RestoreResult> {
  await access(modelDir).catch(() => {
    throw new ModelFileError(`model folder ${modelDir} does not exist`);
  });
  return withModelLock(modelDir, 'restore', () => restoreHoldingLock(modelDir, to), log);
}

async function restoreHoldingLock(modelDir: string, to: string | undefined): Promise<RestoreResult> {
  await recoverCommit(modelDir);
  const point = pickRestorePoint(await listRestorePoints(modelDir), to, modelDir);
  const names = await readdir(modelDir);
  const originals = Object.keys(point.files);
  const archive = await createArchiveFolder(modelDir);
  for (const name of originals) {
    if (names.includes(name)) await copyFile(join(modelDir, name), join(archive, name));
  }
  const files: Record<string, Buffer> = {};
  for (const [name, stored] of Object.entries(point.files)) files[name] = await readFile(join(modelDir, stored));
  await commitFiles(modelDir, files);
  const state = await readState(modelDir);
  return { restored: originals, archive, iterations: state?.iterations ?? 0, point: point.id };
}

/**
 * Rolls the model back to one of its snapshots (`<model>_snapshot_<N>_iters`, named by folder name
 * or iteration): its state, parts and optimizer replace the model's, the current ones archived
 * first. Holds the lock, like restoreBackup.
 */
export async function restoreSnapshot(modelDir: string, snapshot: string, log?: Logger): Promise<RestoreResult> {
  const snapshots = await listSnapshots(modelDir);
  const dir = snapshots.find((s) => basename(s) === snapshot || basename(s).endsWith(`_snapshot_${snapshot}_iters`));
  if (!dir) {
    throw new ModelFileError(`${modelDir} has no snapshot '${snapshot}'; its snapshots: ${snapshots.map((s) => basename(s)).join(', ') || 'none'}`);
  }
  return withModelLock(modelDir, 'restore', async () => {
    await recoverCommit(modelDir);
    const state = await readState(dir);
    if (!state) throw new ModelFileError(`${dir}: no state.json, so not a snapshot that can be restored`);
    const wanted = [STATE_FILE, ...state.parts.map(partFile), OPTIMIZER_FILE];
    const present = (await Promise.all(wanted.map(async (name) => ((await stat(join(dir, name)).then((s) => s.isFile(), () => false)) ? name : undefined))))
      .filter((name): name is string => name !== undefined);
    const names = await readdir(modelDir);
    const archive = await createArchiveFolder(modelDir);
    for (const name of present) if (names.includes(name)) await copyFile(join(modelDir, name), join(archive, name));
    const files: Record<string, Buffer> = {};
    for (const name of present) files[name] = await readFile(join(dir, name));
    await commitFiles(modelDir, files);
    return { restored: present, archive, iterations: state.iterations, point: basename(dir) };
  }, log);
}
