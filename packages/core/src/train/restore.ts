/**
 * `faceforge restore`: roll a model back to its backup (the files saved at the lowest loss).
 * The current files are first copied into `archived_<timestamp>/`, so nothing is lost. Holds the
 * model's lock: a restore under a running trainer would be overwritten at its next save.
 */
import { readdir, readFile, copyFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { commitFiles, recoverCommit } from '../io/commit-files.js';
import { withModelLock } from '../io/model-lock.js';
import { BACKUP_SUFFIX } from '../model/model-files.js';
import { createArchiveFolder } from '../model/archive-folder.js';
import { ModelFileError } from '../util/errors.js';
import { readState } from './model-state.js';
import type { Logger } from '../util/logger.js';

export interface RestoreResult {
  restored: string[];
  archive: string;
  iterations: number;
}

/** `log` gets the note when a dead process's lock is taken over. */
export async function restoreBackup(modelDir: string, log?: Logger): Promise<RestoreResult> {
  await access(modelDir).catch(() => {
    throw new ModelFileError(`model folder ${modelDir} does not exist`);
  });
  return withModelLock(modelDir, 'restore', () => restoreHoldingLock(modelDir), log);
}

async function restoreHoldingLock(modelDir: string): Promise<RestoreResult> {
  await recoverCommit(modelDir);
  const names = await readdir(modelDir);
  const backups = names.filter((n) => n.endsWith(BACKUP_SUFFIX));
  if (!backups.includes(`state.json${BACKUP_SUFFIX}`)) {
    throw new ModelFileError(`${modelDir} has no backup yet: backups are written when the loss reaches a new low (from the second save on)`);
  }
  const archive = await createArchiveFolder(modelDir);
  const originals = backups.map((b) => b.slice(0, -BACKUP_SUFFIX.length));
  for (const name of originals) {
    if (names.includes(name)) await copyFile(join(modelDir, name), join(archive, name));
  }
  const files: Record<string, Buffer> = {};
  for (const name of originals) files[name] = await readFile(join(modelDir, name + BACKUP_SUFFIX));
  await commitFiles(modelDir, files);
  const state = await readState(modelDir);
  return { restored: originals, archive, iterations: state?.iterations ?? 0 };
}
