/**
 * Restore points: each one is a consistent set of a model's files (state.json, every part, the
 * optimizer state) at one iteration. Two kinds:
 *   - the loss backup: the `*.bk` files the trainer writes together when the loss reaches a new low;
 *   - a replacement point: `restore_points/<iteration>_<reason>_<date>/`, the whole model as it was
 *     just before `decoder import`/`swap` or `model reset` replaced a part (so those never touch the
 *     loss backup, and a restore never mixes an encoder of one iteration with a decoder of another).
 * `restore --list` shows them, `restore --to ID` picks one.
 */
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from '../io/atomic.js';
import { ModelFileError } from '../util/errors.js';
import { STATE_FILE, type ModelState } from '../train/model-state.js';
import { BACKUP_SUFFIX, OPTIMIZER_FILE, partFile } from './model-files.js';

export const RESTORE_POINTS_DIR = 'restore_points';
/** The loss backup's id in `restore --list` / `--to`. */
export const LOSS_BACKUP_ID = 'lowest-loss';
const POINT_FILE = 'restore-point.json';

export interface RestorePoint {
  /** `lowest-loss`, or the replacement point's folder name. */
  id: string;
  iteration: number;
  /** Why it was made: 'lowest loss', 'before decoder-swap of decoder_b', ... */
  reason: string;
  date: string;
  /** File name in the model folder → where the point keeps it. */
  files: Record<string, string>;
}

/** The files that make up a model: state, parts and optimizer (those present). */
async function modelFiles(dir: string, state: ModelState): Promise<string[]> {
  const names = [STATE_FILE, ...state.parts.map(partFile), OPTIMIZER_FILE];
  const present: string[] = [];
  for (const name of names) if (await stat(join(dir, name)).then(() => true, () => false)) present.push(name);
  return present;
}

/**
 * Copies the model's current files into a new replacement point, written under a temp name and
 * renamed, so a point is complete or absent. Returns its id.
 */
export async function createRestorePoint(dir: string, state: ModelState, reason: string, now = new Date()): Promise<string> {
  const root = join(dir, RESTORE_POINTS_DIR);
  await mkdir(root, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..+/, '').replace('T', '_');
  const slug = reason.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 40);
  const id = `${String(state.iterations).padStart(7, '0')}_${slug}_${stamp}`;
  const temp = join(root, `.tmp-${id}-${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp);
  const files = await modelFiles(dir, state);
  for (const name of files) await copyFile(join(dir, name), join(temp, name));
  await writeFile(join(temp, POINT_FILE), JSON.stringify({ iteration: state.iterations, reason, date: now.toISOString(), files }, null, 1));
  await fsyncDirectory(temp);
  await rename(temp, join(root, id));
  await fsyncDirectory(root);
  return id;
}

/** Every restore point of the model, the loss backup first, then replacement points oldest first. */
export async function listRestorePoints(dir: string): Promise<RestorePoint[]> {
  const points: RestorePoint[] = [];
  const names = await readdir(dir);
  const stateBackup = STATE_FILE + BACKUP_SUFFIX;
  if (names.includes(stateBackup)) {
    const text = await readFile(join(dir, stateBackup), 'utf8');
    let iteration = 0;
    try {
      iteration = (JSON.parse(text) as ModelState).iterations;
    } catch {
      throw new ModelFileError(`${join(dir, stateBackup)}: not valid JSON`);
    }
    const backups = names.filter((n) => n.endsWith(BACKUP_SUFFIX));
    points.push({
      id: LOSS_BACKUP_ID, iteration, reason: 'lowest loss', date: (await stat(join(dir, stateBackup))).mtime.toISOString(),
      files: Object.fromEntries(backups.map((b) => [b.slice(0, -BACKUP_SUFFIX.length), b])),
    });
  }
  const root = join(dir, RESTORE_POINTS_DIR);
  const folders = (await readdir(root).catch(() => [] as string[])).filter((n) => !n.startsWith('.')).sort();
  for (const id of folders) {
    const file = join(root, id, POINT_FILE);
    let meta: { iteration: number; reason: string; date: string; files: string[] };
    try {
      meta = JSON.parse(await readFile(file, 'utf8')) as typeof meta;
    } catch {
      throw new ModelFileError(`${file}: missing or not valid JSON; the restore point ${id} is damaged`);
    }
    points.push({ id, iteration: meta.iteration, reason: meta.reason, date: meta.date, files: Object.fromEntries(meta.files.map((f) => [f, join(RESTORE_POINTS_DIR, id, f)])) });
  }
  return points;
}

/**
 * The point `to` names: an id, or an iteration (the newest point at it). Undefined `to`: the loss
 * backup, as `faceforge restore` always did, else the newest replacement point.
 */
export function pickRestorePoint(points: RestorePoint[], to: string | undefined, dir: string): RestorePoint {
  if (points.length === 0) {
    throw new ModelFileError(`${dir} has no backup yet, nor any restore point: the loss backup is written when the loss reaches a new low (from the second save on), a restore point before a part is replaced`);
  }
  if (to === undefined) return points.find((p) => p.id === LOSS_BACKUP_ID) ?? points.at(-1)!;
  const byId = points.find((p) => p.id === to);
  if (byId) return byId;
  if (/^\d+$/.test(to)) {
    const atIteration = points.filter((p) => p.iteration === Number(to));
    if (atIteration.length) return atIteration.at(-1)!;
  }
  throw new ModelFileError(`${dir}: no restore point '${to}'. There are: ${points.map((p) => `${p.id} (iteration ${p.iteration})`).join(', ')}`);
}
