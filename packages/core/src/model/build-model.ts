/** Builds a model through its plugin, as training, convert, packs and `model reset` all need it. */
import type { Forge } from '../forge.js';
import type { ConfigValues } from '../config/ini-file.js';
import { sharedEncoderModel, type FaceSwapModel } from './face-swap-model.js';

/**
 * The plugin's build with the model's config, then the buildModel hook. `seed` seeds every
 * initialiser, so the same seed gives the same initial weights. The forge is configured with
 * `config` first, so the plugins answering modelOptions (learn_mask) read the model's own values.
 */
export function buildModel(forge: Forge, name: string, config: ConfigValues, seed: number, created: boolean): FaceSwapModel {
  const definition = forge.models.get(name);
  forge.configure(config);
  const { learnMask } = forge.hooks.modelOptions.call({ learnMask: false });
  const model = definition.build({
    tf: forge.tf,
    config: config[`model.${name}`] ?? {},
    learnMask,
    blocks: forge.blocks(seed),
    seed,
    sharedEncoderModel,
  });
  return forge.hooks.buildModel.call(model, { name, created });
}
