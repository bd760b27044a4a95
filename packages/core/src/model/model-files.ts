/**
 * Saving and loading a model folder: one weights file per part (encoder.weights,
 * decoder_a.weights, ...), optimizer.weights and state.json, committed together so a kill at any
 * moment leaves a loadable model. Weights are stored by layer/weight name, so a part loads into
 * any build of the same architecture.
 */
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from '../tf.js';
import { encodeWeightsChunks, decodeWeights, type TensorRecord } from '../io/weights-file.js';
import { commitFiles, settleCommit } from '../io/commit-files.js';
import type { FileData } from '../io/atomic.js';
import { ModelFileError } from '../util/errors.js';
import { STATE_FILE, readState, type ModelState } from '../train/model-state.js';
import type { OptimizerState } from '../hooks/optimizer-types.js';

export const OPTIMIZER_FILE = 'optimizer.weights';
export const BACKUP_SUFFIX = '.bk';

export function partFile(part: string): string {
  return `${part}.weights`;
}

/** Weight names used on disk: the layer-scoped original name, e.g. conv_128_0_conv2d/kernel. */
function weightKey(w: tf.LayerVariable): string {
  return w.originalName;
}

/** The ordered layers, shapes and dtypes of a part: what must match for weights to fit. */
export function partArchitecture(part: tf.LayersModel): Array<{ name: string; shape: number[]; dtype: string }> {
  return part.weights.map((w) => ({ name: weightKey(w), shape: w.shape as number[], dtype: w.dtype }));
}

/** A part's weights file as byte chunks that view the weights' own memory (see encodeWeightsChunks). */
export async function encodePartChunks(name: string, part: tf.LayersModel): Promise<Uint8Array[]> {
  const tensors: TensorRecord[] = [];
  for (const w of part.weights) {
    tensors.push({ name: weightKey(w), shape: w.shape as number[], data: (await w.read().data()) as Float32Array });
  }
  return encodeWeightsChunks({ kind: 'model-part', part: name, layers: part.layers.map((l) => ({ name: l.name, className: l.getClassName() })) }, tensors);
}

export async function encodePart(name: string, part: tf.LayersModel): Promise<Buffer> {
  return Buffer.concat(await encodePartChunks(name, part));
}

/** Writes tensors from a weights file into `part`. Every weight must be present with its shape. */
export function loadPartWeights(part: tf.LayersModel, buffer: Buffer, file: string, options: { partial?: boolean } = {}): number {
  const { tensors } = decodeWeights(buffer, file);
  let loaded = 0;
  for (const w of part.weights) {
    const record = tensors.get(weightKey(w));
    if (!record) {
      if (options.partial) continue;
      throw new ModelFileError(`${file}: has no weight '${weightKey(w)}': the file belongs to a different architecture or configuration`);
    }
    if (record.shape.join('x') !== (w.shape as number[]).join('x')) {
      if (options.partial) continue;
      throw new ModelFileError(`${file}: weight '${weightKey(w)}' has shape [${record.shape}] but the model needs [${w.shape}]`);
    }
    const value = tf.tensor(record.data, record.shape, 'float32');
    w.write(value);
    value.dispose();
    loaded++;
  }
  return loaded;
}

export function encodeOptimizerChunks(state: OptimizerState): Uint8Array[] {
  const tensors = Object.entries(state.slots).map(([name, data]) => ({ name, shape: [data.length], data }));
  return encodeWeightsChunks({ kind: 'optimizer', name: state.name, step: state.step }, tensors);
}

export async function encodeOptimizer(state: OptimizerState): Promise<Buffer> {
  return Buffer.concat(encodeOptimizerChunks(state));
}

export function decodeOptimizer(buffer: Buffer, file: string): OptimizerState {
  const { header, tensors } = decodeWeights(buffer, file);
  if (header.meta.kind !== 'optimizer') throw new ModelFileError(`${file}: not an optimizer state file`);
  const slots: Record<string, Float32Array> = {};
  for (const [name, record] of tensors) slots[name] = record.data;
  return { name: String(header.meta.name), step: Number(header.meta.step), slots };
}

export interface SaveModelInput {
  dir: string;
  parts: Record<string, tf.LayersModel>;
  optimizer?: OptimizerState;
  state: ModelState;
  /** Also write every file again with the .bk suffix (a new lowest loss). */
  backup: boolean;
}

export async function saveModel(input: SaveModelInput): Promise<void> {
  const files: Record<string, FileData> = {};
  for (const [name, part] of Object.entries(input.parts)) files[partFile(name)] = await encodePartChunks(name, part);
  if (input.optimizer) files[OPTIMIZER_FILE] = encodeOptimizerChunks(input.optimizer);
  files[STATE_FILE] = JSON.stringify(input.state, null, 1);
  if (input.backup) for (const [name, data] of Object.entries({ ...files })) files[name + BACKUP_SUFFIX] = data;
  await commitFiles(input.dir, files);
}

async function exists(path: string) {
  return access(path).then(() => true, () => false);
}

/** Finishes a save a dead writer left (never a live writer's: see settleCommit), then reads state.json. */
export async function openModelDir(dir: string): Promise<ModelState | undefined> {
  await settleCommit(dir);
  return readState(dir);
}

export async function loadModelParts(dir: string, parts: Record<string, tf.LayersModel>): Promise<void> {
  for (const [name, part] of Object.entries(parts)) {
    const file = join(dir, partFile(name));
    if (!(await exists(file))) throw new ModelFileError(`${file} is missing: the model folder is incomplete`);
    loadPartWeights(part, await readFile(file), file);
  }
}

export async function loadOptimizerState(dir: string): Promise<OptimizerState | undefined> {
  const file = join(dir, OPTIMIZER_FILE);
  if (!(await exists(file))) return undefined;
  return decodeOptimizer(await readFile(file), file);
}

export { STATE_FILE };
