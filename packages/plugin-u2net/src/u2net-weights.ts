/**
 * The u2netp weights file: core's weights format (header + float32 tensors + sha256) holding the
 * network's tensors under their torch names, and, when written by training, the Adam state as
 * `adam:<name>/m|v` so a later `faceforge mask train -o` on the same file continues exactly.
 * Written atomically: a crash leaves the previous file.
 */
import { readFile } from 'node:fs/promises';
import { decodeWeights, encodeWeights, writeFileAtomic, DataError, ModelFileError, type OptimizerState, type TensorRecord } from '@faceforge/core';
import type { ParameterStore } from './parameter-store.js';

export const WEIGHTS_KIND = 'u2netp-mask';
const OPTIMIZER_PREFIX = 'adam:';

export interface U2NetWeightsMeta {
  kind: typeof WEIGHTS_KIND;
  /** Side the network was trained at: prediction uses it. */
  inputSize: number;
  /** Training iterations so far. */
  iterations: number;
  /** Optimizer name and step when the file carries optimizer state. */
  optimizer?: { name: string; step: number };
}

export async function saveU2NetWeights(path: string, store: ParameterStore, meta: U2NetWeightsMeta, optimizer?: OptimizerState): Promise<void> {
  const tensors: TensorRecord[] = await store.records();
  if (optimizer) {
    for (const [slot, data] of Object.entries(optimizer.slots)) {
      // slots are named by tfjs variable: store them by parameter key instead
      const cut = slot.lastIndexOf('/');
      const key = store.keyOf(slot.slice(0, cut));
      if (!key) throw new Error(`u2netp: optimizer slot '${slot}' belongs to no parameter`);
      tensors.push({ name: `${OPTIMIZER_PREFIX}${key}/${slot.slice(cut + 1)}`, shape: [data.length], data });
    }
  }
  const header = { ...meta, optimizer: optimizer ? { name: optimizer.name, step: optimizer.step } : undefined };
  await writeFileAtomic(path, encodeWeights(header as unknown as Record<string, unknown>, tensors));
}

export interface LoadedU2NetWeights {
  meta: U2NetWeightsMeta;
  tensors: Map<string, TensorRecord>;
  /** Slot key → data, keyed by parameter key (not yet by variable name). */
  optimizerSlots: Record<string, Float32Array>;
}

export async function readU2NetWeights(path: string): Promise<LoadedU2NetWeights> {
  const buffer = await readFile(path).catch((error: Error) => {
    throw new DataError(`${path}: cannot read the u2netp weights (${error.message})`);
  });
  const { header, tensors } = decodeWeights(buffer, path);
  const meta = header.meta as unknown as U2NetWeightsMeta;
  if (meta.kind !== WEIGHTS_KIND) throw new ModelFileError(`${path}: not u2netp mask weights (kind '${String(meta.kind)}'); train some with \`faceforge mask train\``);
  const optimizerSlots: Record<string, Float32Array> = {};
  for (const [name, record] of tensors) {
    if (!name.startsWith(OPTIMIZER_PREFIX)) continue;
    optimizerSlots[name.slice(OPTIMIZER_PREFIX.length)] = record.data;
    tensors.delete(name);
  }
  return { meta, tensors, optimizerSlots };
}

/** The saved slots renamed to this store's variables, for Adam.setState. */
export function optimizerStateFor(store: ParameterStore, loaded: LoadedU2NetWeights): OptimizerState | undefined {
  if (!loaded.meta.optimizer) return undefined;
  const slots: Record<string, Float32Array> = {};
  for (const [slot, data] of Object.entries(loaded.optimizerSlots)) {
    const cut = slot.lastIndexOf('/');
    slots[`${store.variableName(slot.slice(0, cut))}/${slot.slice(cut + 1)}`] = data;
  }
  return { name: loaded.meta.optimizer.name, step: loaded.meta.optimizer.step, slots };
}
