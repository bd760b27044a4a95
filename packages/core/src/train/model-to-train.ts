/**
 * What `train` finds in its model folder: a model to resume, nothing (a new model), or weights
 * without a readable state.json. The last is refused: starting fresh there would overwrite every
 * weights file at the first save and the backups at the next low loss. The user chooses: restore
 * the backup, or `--new`, which first moves everything there into an archive folder.
 */
import { readdir } from 'node:fs/promises';
import type { Logger } from '../util/logger.js';
import { ModelFileError } from '../util/errors.js';
import { BACKUP_SUFFIX, openModelDir } from '../model/model-files.js';
import { archiveModelFiles } from '../model/archive-folder.js';
import { STATE_FILE, type ModelState } from './model-state.js';

/** The model in `dir` to resume, or undefined to start a new one. The caller holds the folder's lock. */
export async function openModelToTrain(dir: string, startNew: boolean, log: Logger): Promise<ModelState | undefined> {
  if (startNew) {
    const { archive, moved } = await archiveModelFiles(dir);
    if (archive) log.info(`--new: moved ${moved.length} file(s) of ${dir} into ${archive}; starting a new model`);
    return undefined;
  }
  let problem = `no ${STATE_FILE}`;
  try {
    const state = await openModelDir(dir);
    if (state) return state;
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    problem = `an unreadable ${STATE_FILE} (${error.message})`;
  }
  const names = await readdir(dir).catch(() => [] as string[]);
  const weights = names.filter((name) => name.endsWith('.weights') || name.endsWith(`.weights${BACKUP_SUFFIX}`)).sort();
  if (weights.length === 0 && problem.startsWith('no ')) return undefined;
  const restore = names.includes(STATE_FILE + BACKUP_SUFFIX)
    ? `\`faceforge restore -m ${dir}\` brings back the backup (${STATE_FILE}${BACKUP_SUFFIX} and the weights saved with it)`
    : `there is no backup to restore (no ${STATE_FILE}${BACKUP_SUFFIX}); copy a snapshot folder back if you have one`;
  throw new ModelFileError(
    `refused: ${dir} holds ${weights.length ? `weights files (${weights.join(', ')}) but ` : ''}${problem}, so it cannot be resumed, ` +
      `and a new model would overwrite what is there. To recover the model: ${restore}. ` +
      'To start a new model in this folder instead: add --new, which first moves everything there into an archived_<date> folder inside it.',
  );
}
