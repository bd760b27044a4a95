/**
 * Checkpoint fusion (EasyPhoto's `merge_different_loras`, peers.md §5.2): a new model folder whose
 * every weight is the mean of the same weight in K model folders (snapshots of one run: averaging
 * is only meaningful between checkpoints of the same initialisation, which the same lineage and
 * architecture stand for here). The optimizer state is not fused: its moments belong to one
 * trajectory, so a fused model resumes with a fresh optimizer.
 */
import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWeights, encodeWeightsChunks, type TensorRecord } from '../io/weights-file.js';
import { commitFiles } from '../io/commit-files.js';
import type { FileData } from '../io/atomic.js';
import { ModelFileError } from '../util/errors.js';
import { readState, STATE_FILE, type ModelState } from '../train/model-state.js';
import { partFile } from './model-files.js';

export interface FuseResult {
  state: ModelState;
  /** Tensors averaged per part. */
  tensors: number;
}

/** Mean of each tensor over the decoded files (all with the same names and shapes). */
function meanTensors(sources: Map<string, TensorRecord>[], files: string[]): TensorRecord[] {
  const first = sources[0]!;
  return [...first.values()].map((record) => {
    const sum = new Float64Array(record.data.length);
    sources.forEach((tensors, s) => {
      const other = tensors.get(record.name);
      if (!other) throw new ModelFileError(`${files[s]}: has no weight '${record.name}', which ${files[0]} has: the models differ in architecture`);
      if (other.shape.join('x') !== record.shape.join('x')) throw new ModelFileError(`${files[s]}: weight '${record.name}' has shape [${other.shape}], ${files[0]} [${record.shape}]`);
      for (let i = 0; i < sum.length; i++) sum[i] += other.data[i]!;
    });
    for (const [s, tensors] of sources.entries()) {
      if (tensors.size !== first.size) throw new ModelFileError(`${files[s]}: has ${tensors.size} weights, ${files[0]} ${first.size}: the models differ in architecture`);
    }
    return { name: record.name, shape: record.shape, data: Float32Array.from(sum, (v) => v / sources.length) };
  });
}

/**
 * Writes the fused model into `output` (which must not hold a model). `sourceDirs[0]` gives the
 * fused model its state (config, sessions, validation set); the lineage records every source.
 */
export async function fuseModels(sourceDirs: readonly string[], output: string): Promise<FuseResult> {
  if (sourceDirs.length < 2) throw new ModelFileError(`fusing needs at least 2 models, got ${sourceDirs.length}`);
  if (await access(join(output, STATE_FILE)).then(() => true, () => false)) throw new ModelFileError(`${output} already holds a model: give a new folder for the fused one`);
  const states: ModelState[] = [];
  for (const dir of sourceDirs) {
    const state = await readState(dir);
    if (!state) throw new ModelFileError(`${dir}: no faceforge model there (state.json missing)`);
    states.push(state);
  }
  const base = states[0]!;
  for (const [i, state] of states.entries()) {
    if (state.model !== base.model || state.parts.join() !== base.parts.join()) {
      throw new ModelFileError(`${sourceDirs[i]} is a '${state.model}' model with parts ${state.parts.join(', ')}; ${sourceDirs[0]} a '${base.model}' with ${base.parts.join(', ')}: only models of one architecture fuse`);
    }
    if (base.encoder && state.encoder && state.encoder.lineage !== base.encoder.lineage) {
      throw new ModelFileError(`${sourceDirs[i]} comes from another training run (encoder lineage ${state.encoder.lineage}, not ${base.encoder.lineage}): weights of different runs do not average into a working model`);
    }
  }
  const files: Record<string, FileData> = {};
  let tensors = 0;
  for (const part of base.parts) {
    const paths = sourceDirs.map((dir) => join(dir, partFile(part)));
    const decoded = await Promise.all(paths.map(async (path) => decodeWeights(await readFile(path), path)));
    const mean = meanTensors(decoded.map((d) => d.tensors), paths);
    tensors += mean.length;
    files[partFile(part)] = encodeWeightsChunks(decoded[0]!.header.meta, mean);
  }
  const state: ModelState = {
    ...base,
    validation: [],
    lineage: [...base.lineage, { type: 'fuse', from: [...sourceDirs], iterations: states.map((s) => s.iterations), date: new Date().toISOString() }],
  };
  files[STATE_FILE] = JSON.stringify(state, null, 1);
  await mkdir(output, { recursive: true });
  await commitFiles(output, files);
  return { state, tensors };
}
