/**
 * Replaces whole parts of a model folder on purpose (`model reset`, `decoder import|swap`), as one
 * atomic commit: the new part files (the model as it was goes into a restore point first), the optimizer state without the
 * replaced parts' slots (their moments described the old weights), and state.json with the change
 * in its lineage. The lowest loss is forgotten: the model's loss jumps after a replacement, and
 * loss-gated backups must start again from the new weights.
 */
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { commitFiles } from '../io/commit-files.js';
import { createRestorePoint } from './restore-points.js';
import { decodeWeights, encodeWeights } from '../io/weights-file.js';
import { ModelFileError } from '../util/errors.js';
import { STATE_FILE, type ModelState } from '../train/model-state.js';
import { OPTIMIZER_FILE, decodeOptimizer, encodeOptimizer, openModelDir, partFile } from './model-files.js';

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Opens a model folder (finishing an interrupted save) and reads its state; a missing model is an error. */
export async function openExistingModel(dir: string): Promise<ModelState> {
  const state = await openModelDir(dir);
  if (!state) throw new ModelFileError(`${dir}: no faceforge model there (state.json missing)`);
  return state;
}

/** A part's weights file as stored in the folder. */
export async function readPartFile(dir: string, state: ModelState, part: string): Promise<Buffer> {
  if (!state.parts.includes(part)) throw new ModelFileError(`${dir}: the model has no part '${part}' (parts: ${state.parts.join(', ')})`);
  const file = join(dir, partFile(part));
  if (!(await exists(file))) throw new ModelFileError(`${file} is missing: the model folder is incomplete`);
  return readFile(file);
}

/**
 * `weights` re-labelled for `target`: same tensors in the same order under the target file's
 * names and header. Decoders of sides a and b have the same shapes but different layer names, so
 * a decoder moves between sides by position. Shapes must agree one for one.
 */
export function relabelPart(weights: Buffer, source: string, target: Buffer, targetFile: string): Buffer {
  const from = decodeWeights(weights, source);
  const to = decodeWeights(target, targetFile);
  const fromShapes = shapesOf(from.header.tensors);
  const toShapes = shapesOf(to.header.tensors);
  if (fromShapes.shapes !== toShapes.shapes) {
    throw new ModelFileError(`${source} does not fit ${targetFile}: its tensors are ${fromShapes.shapes}, the model needs ${toShapes.shapes}`);
  }
  const tensors = to.header.tensors.map((t, i) => ({ name: t.name, shape: t.shape, data: from.tensors.get(from.header.tensors[i]!.name)!.data }));
  return encodeWeights(to.header.meta, tensors);
}

/** A part's tensor shapes as one string, for comparison, and its parameter count, for messages. */
export function shapesOf(tensors: readonly { shape: readonly number[] }[]): { shapes: string; parameters: number } {
  return {
    shapes: tensors.map((t) => `[${t.shape.join(',')}]`).join(' '),
    parameters: tensors.reduce((sum, t) => sum + t.shape.reduce((n, d) => n * d, 1), 0),
  };
}

export interface ReplacePartsInput {
  dir: string;
  state: ModelState;
  /** New weights file per part name. */
  parts: Record<string, Buffer>;
  /** Appended to state.lineage. */
  lineage: Record<string, unknown>;
}

/** Returns the id of the restore point that holds the model as it was before. */
export async function replaceModelParts(input: ReplacePartsInput): Promise<string> {
  const { dir, state } = input;
  const files: Record<string, string | Uint8Array> = {};
  for (const [part, weights] of Object.entries(input.parts)) {
    await readPartFile(dir, state, part); // the part must exist before anything is written
    files[partFile(part)] = weights;
  }
  // The whole model as it is now becomes its own restore point; the loss backup (*.bk) stays one set.
  const restorePoint = await createRestorePoint(dir, state, `before ${String(input.lineage.type ?? 'replacement')} of ${Object.keys(input.parts).join(', ')}`);
  const optimizerPath = join(dir, OPTIMIZER_FILE);
  if (await exists(optimizerPath)) {
    const optimizer = decodeOptimizer(await readFile(optimizerPath), optimizerPath);
    // Slot keys are 'part:layer/weight/slot' (see trainer.ts variableKeys).
    const replaced = Object.keys(input.parts).map((part) => `${part}:`);
    const slots = Object.fromEntries(Object.entries(optimizer.slots).filter(([key]) => !replaced.some((prefix) => key.startsWith(prefix))));
    files[OPTIMIZER_FILE] = await encodeOptimizer({ ...optimizer, slots });
  }
  const next: ModelState = { ...state, lowestAvgLoss: null, lineage: [...state.lineage, input.lineage] };
  files[STATE_FILE] = JSON.stringify(next, null, 1);
  await commitFiles(dir, files);
  return restorePoint;
}
