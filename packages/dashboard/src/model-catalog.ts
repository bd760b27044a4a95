/**
 * The models in the `--models` folders: each folder itself when it holds a model, and its direct
 * subfolders that do (snapshots `<model>_snapshot_<N>_iters` are listed under their model instead).
 * A model is named by its root's index and its folder name (`~` for the root itself).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { liveModelWriter, modelRestorePoints, readState, STATE_FILE, type ModelState } from '@faceforge/core/train';
import { OutsideServedFoldersError, type ServedFolders } from './served-folders.js';
import type { ModelDetail, ModelSummary, SessionRow } from './api/api-types.js';

export type { ModelDetail, ModelSummary, SessionRow };

export interface ModelRef {
  root: number;
  /** Folder name inside the root, or ROOT_MODEL for the root itself. */
  name: string;
}

/** The name of a models folder that is itself a model: `~`, since URLs fold a `.` (or `%2e`) segment away. */
export const ROOT_MODEL = '~';

export const modelId = (ref: ModelRef): string => `${ref.root}/${ref.name}`;

const SNAPSHOT = /^(.+)_snapshot_(\d+)_iters$/;
/** A model's folder name: one path segment, nothing that could step out. */
const FOLDER_NAME = /^(?!\.\.?$|~$)[^/\\\0]{1,200}$/;

export function parseModelRef(root: string, name: string): ModelRef {
  const index = Number(root);
  if (!Number.isInteger(index) || index < 0) throw new OutsideServedFoldersError(`no models folder number ${root}`);
  if (name !== ROOT_MODEL && !FOLDER_NAME.test(name)) throw new OutsideServedFoldersError(`refused model name ${JSON.stringify(name)}`);
  return { root: index, name };
}

export function modelDir(folders: ServedFolders, ref: ModelRef): string {
  return folders.lexical('models', ref.root, ref.name === ROOT_MODEL ? '' : ref.name);
}

async function hasState(dir: string): Promise<boolean> {
  return stat(join(dir, STATE_FILE)).then((s) => s.isFile(), () => false);
}

/** Every model folder in every models root. */
export async function listModelRefs(folders: ServedFolders): Promise<ModelRef[]> {
  const refs: ModelRef[] = [];
  for (const [root, dir] of folders.roots.models.entries()) {
    if (await hasState(dir)) refs.push({ root, name: ROOT_MODEL });
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((p, q) => p.name.localeCompare(q.name))) {
      if (!entry.isDirectory() || SNAPSHOT.test(entry.name) || !FOLDER_NAME.test(entry.name)) continue;
      const sub = join(dir, entry.name);
      // A model being created has no state.json until its first save, but already holds the lock.
      if ((await hasState(sub)) || (await liveModelWriter(sub))) refs.push({ root, name: entry.name });
    }
  }
  return refs;
}

export function summarize(ref: ModelRef, dir: string, state: ModelState | undefined, savedAt: Date | undefined, writer: ModelSummary['running']): ModelSummary {
  const last = state?.lossHistory.at(-1);
  const session = state?.sessions.at(-1);
  return {
    id: modelId(ref), name: ref.name === ROOT_MODEL ? basename(dir) : ref.name, plugin: state?.model ?? '',
    iterations: state?.iterations ?? 0, lastLoss: last && { a: last.a, b: last.b }, egPerSec: session?.egPerSec,
    lastSave: savedAt?.toISOString() ?? '', created: state?.created ?? '', sessions: state?.sessions.length ?? 0,
    running: writer && { command: writer.command, pid: writer.pid, started: writer.started },
  };
}

export async function modelSummary(folders: ServedFolders, ref: ModelRef): Promise<ModelSummary> {
  const dir = modelDir(folders, ref);
  const state = await readState(dir).catch(() => undefined);
  const saved = await stat(join(dir, STATE_FILE)).then((s) => s.mtime, () => undefined);
  return summarize(ref, dir, state, saved, await liveModelWriter(dir));
}

const KNOWN_STATE_KEYS = new Set(['format', 'version', 'model', 'created', 'seed', 'iterations', 'parts', 'inputSize', 'outputSize', 'config', 'sessions', 'lossHistory', 'lowestAvgLoss', 'lineage', 'encoder', 'decoderTrainedAgainst']);

export async function modelDetail(folders: ServedFolders, ref: ModelRef): Promise<ModelDetail> {
  const dir = modelDir(folders, ref);
  const summary = await modelSummary(folders, ref);
  const state = await readState(dir).catch(() => undefined);
  let startIteration = 0;
  const sessionRows = (state?.sessions ?? []).map((s) => {
    const row: SessionRow = {
      id: s.id, start: s.start, end: s.end, elapsedSeconds: Math.max(0, (Date.parse(s.end) - Date.parse(s.start)) / 1000),
      batchSize: s.batchSize, iterations: s.iterations, egPerSec: s.egPerSec, backend: s.backend, startIteration,
    };
    startIteration += s.iterations;
    return row;
  });
  const restorePoints = state ? (await modelRestorePoints(dir).catch(() => [])).map(({ id, iteration, reason, date }) => ({ id, iteration, reason, date })) : [];
  const parent = folders.roots.models[ref.root]!;
  const snapshots = ref.name === ROOT_MODEL ? [] : (await readdir(parent).catch(() => [] as string[]))
    .map((name) => ({ name, match: SNAPSHOT.exec(name) }))
    .filter((e) => e.match && e.match[1] === ref.name)
    .map((e) => ({ name: e.name, iteration: Number(e.match![2]) }))
    .sort((p, q) => p.iteration - q.iteration);
  const previewNames = await readdir(join(dir, 'previews')).catch(() => [] as string[]);
  const previews = previewNames.map((file) => ({ file, match: /^preview_(\d+)\.png$/.exec(file) }))
    .filter((e) => e.match).map((e) => ({ file: e.file, iteration: Number(e.match![1]) }))
    .sort((p, q) => p.iteration - q.iteration);
  const extra = Object.fromEntries(Object.entries(state ?? {}).filter(([key]) => !KNOWN_STATE_KEYS.has(key)));
  return {
    ...summary, inputSize: state?.inputSize ?? 0, outputSize: state?.outputSize ?? 0, lossHistory: state?.lossHistory ?? [],
    sessionRows, restorePoints, snapshots, previews, hasLatestPreview: previewNames.includes('latest.png'),
    lockedConfig: state?.config ?? {}, lineage: state?.lineage ?? [], encoder: state?.encoder, extra,
  };
}
