/**
 * Opening a trained model folder for convert: state.json says which model plugin built it and
 * with which locked config (sizes, coverage, learn_mask), so the same architecture is rebuilt
 * and every part's weights are loaded into it. No optimizer: convert only runs it forward.
 */
import type { Forge } from '../forge.js';
import type { FaceSwapModel } from '../model/face-swap-model.js';
import { loadModelParts, openModelDir } from '../model/model-files.js';
import { readState, type ModelState } from '../train/model-state.js';
import { readOneSave } from '../io/commit-files.js';
import { buildModel } from '../model/build-model.js';
import { ConvertError } from '../util/errors.js';
import type { Centering } from '../data/face-metadata.js';
import type { ModelFraming } from './model-framing.js';

export interface TrainedModel {
  model: FaceSwapModel;
  state: ModelState;
  /** How the model frames faces ([global] centering and coverage, locked at creation). */
  framing: ModelFraming;
  dispose(): void;
}

/**
 * Loads every part with the state of the same save (convert may run beside a trainer). The config
 * and seed never change, so the model built from the first state read fits every save.
 */
async function loadOneIteration(modelDir: string, model: FaceSwapModel): Promise<ModelState> {
  return readOneSave(modelDir, async () => {
    const state = await readState(modelDir);
    if (!state) throw new ConvertError(`${modelDir}: state.json disappeared while the model was loaded`);
    await loadModelParts(modelDir, model.parts);
    return state;
  });
}

export async function loadTrainedModel(forge: Forge, modelDir: string): Promise<TrainedModel> {
  const state = await openModelDir(modelDir);
  if (!state) throw new ConvertError(`${modelDir}: no trained model here (state.json is missing): train one with \`faceforge train -m ${modelDir}\``);
  if (state.iterations === 0) forge.log.warn(`${modelDir}: the model has not been trained yet: the swap will be noise`);
  if (!forge.models.has(state.model)) {
    throw new ConvertError(`${modelDir}: the model was made by the '${state.model}' model plugin, which is not installed (installed: ${forge.models.names().join(', ')})`);
  }
  const model = buildModel(forge, state.model, state.config, state.seed, false);
  const loaded = await loadOneIteration(modelDir, model);
  // Models made before centering was an option trained at the default, as the trainer reads it.
  const framing: ModelFraming = {
    centering: String(state.config.global?.centering ?? 'face') as Centering,
    coverage: Number(state.config.global?.coverage ?? 100) / 100,
  };
  return {
    model, state: loaded, framing,
    dispose: () => Object.values(model.parts).forEach((part) => part.dispose()),
  };
}
