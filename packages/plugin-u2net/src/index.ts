/**
 * The u2net mask plugin: registers the `u2net` mask (U²-Net small, u2netp) and owns [mask.u2net].
 * `faceforge mask train` trains it on (face, mask) pairs, `faceforge mask --type u2net` stores its
 * predictions in the faces, and a model trained with mask_type = u2net reads them from there.
 */
import { DataError, definePlugin, type FaceRecord, type Image, type NeuralMaskModel, type OptimizerDefinition, type PluginRegistry } from '@faceforge/core';
import { u2netConfig, u2netSettings } from './u2net-config.js';
import { trainU2NetP } from './train-u2netp.js';
import { U2NetPredictor } from './u2netp-predictor.js';

const PLUGIN_NAME = 'u2net';
export const MASK_NAME = 'u2net';

/** Trains with the registry's Adam (the optimizers plugin), so this plugin carries no optimizer of its own. */
function neuralMask(optimizers: PluginRegistry<OptimizerDefinition>): NeuralMaskModel {
  return {
    trainingSize: (config) => u2netSettings(config).inputSize,
    train: (options) => trainU2NetP(options, (settings) => optimizers.get('adam').create(settings)),
    load: (weightsFile, config) => U2NetPredictor.open(weightsFile, config),
  };
}

/** At training time the mask comes from the face file, where `faceforge mask --type u2net` stored it. */
function storedMask(face: FaceRecord, size: number): Image {
  const mask = face.masks[MASK_NAME];
  if (!mask) {
    throw new DataError(`${face.path}: has no stored '${MASK_NAME}' mask: add it with \`faceforge mask -i <faces folder> --type ${MASK_NAME} --weights <u2netp weights>\``);
  }
  if (mask.width !== size) throw new DataError(`${face.path}: the stored '${MASK_NAME}' mask is ${mask.width} px, ${size} px was asked for`);
  return { ...mask, data: new Float32Array(mask.data) };
}

const plugin = definePlugin({
  meta: { name: PLUGIN_NAME, kind: 'mask', version: '0.1.0', description: 'U²-Net (u2netp) neural face masks, trained here on (face, mask) pairs' },
  config: u2netConfig,
  presets: {
    reference: { description: "The U²-Net reference recipe: 320 px, batch 12, Adam 1e-3 (about 50 GB: a GPU)", values: { input_size: 320, batch_size: 12, learning_rate: 0.001 } },
    quick: { description: 'Small enough for a CPU: 128 px, batch 4 (about 3 GB, fits the wasm heap)', values: { input_size: 128, batch_size: 4, learning_rate: 0.001 } },
  },
  apply(api) {
    api.masks.register({ name: MASK_NAME, description: 'U²-Net small (u2netp) prediction, stored in the faces by `faceforge mask`', create: storedMask, neural: neuralMask(api.optimizers) });
  },
});

export default plugin;
export { U2NetP } from './u2netp.js';
export { U2NetPredictor } from './u2netp-predictor.js';
export { trainU2NetP } from './train-u2netp.js';
export { u2netConfig, u2netSettings } from './u2net-config.js';
export { readU2NetWeights, saveU2NetWeights } from './u2net-weights.js';
