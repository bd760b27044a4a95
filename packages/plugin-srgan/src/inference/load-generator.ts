/** A trained generator from an SR model folder, ready for inference. */
import { buildGenerator } from '../network/generator.js';
import { generatorFile, requireModelState, type CheckpointChoice, type SrModelState } from '../model/sr-model-folder.js';
import { readWeights, setModelWeights } from '../model/layer-weights.js';
import type { tf } from '@faceforge/core';

export interface LoadedGenerator {
  generator: tf.LayersModel;
  state: SrModelState;
  file: string;
  /** Validation PSNR and step recorded with the weights. */
  meta: Record<string, unknown>;
}

export async function loadGenerator(modelDir: string, choice: CheckpointChoice = 'best'): Promise<LoadedGenerator> {
  const state = await requireModelState(modelDir);
  const file = generatorFile(modelDir, state, choice);
  const { meta, tensors } = await readWeights(file);
  const generator = buildGenerator(state.network);
  setModelWeights(generator, tensors, file);
  return { generator, state, file, meta };
}
