/** Builds a model through its plugin, as training, packs and `model reset` all need it. */
import type { Forge } from '../forge.js';
import type { ConfigValues } from '../config/ini-file.js';
import { sharedEncoderModel, type FaceSwapModel } from './face-swap-model.js';

/**
 * The plugin's build with the model's config, then the buildModel hook. `seed` seeds every
 * initialiser, so the same seed gives the same initial weights.
 */
export function buildModel(forge: Forge, name: string, config: ConfigValues, seed: number, created: boolean): FaceSwapModel {
  const definition = forge.models.get(name);
  const model = definition.build({
    tf: forge.tf,
    config: config[`model.${name}`] ?? {},
    learnMask: config['global.loss']?.learn_mask === true,
    blocks: forge.blocks(seed),
    seed,
    sharedEncoderModel,
  });
  return forge.hooks.buildModel.call(model, { name, created });
}
