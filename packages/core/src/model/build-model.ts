/** Builds a model through its plugin, as training, convert, packs and `model reset` all need it. */
import type { Forge } from '../forge.js';
import type { ConfigValues } from '../config/ini-file.js';
import { sectionValues } from '../config/section-values.js';
import { globalSection } from '../builtin/global-plugin.js';
import { createBlocks, type ModelGlobalOptions } from './blocks.js';
import { sharedEncoderModel, type FaceSwapModel } from './face-swap-model.js';

/**
 * The plugin's build with the model's config, then the buildModel hook. `seed` seeds every
 * initialiser, so the same seed gives the same initial weights. The forge is configured with
 * `config` first, so the plugins answering modelOptions (learn_mask) read the model's own values.
 * The blocks get the model's [global] icnr_init, reflect_padding and conv_aware_init (fixed at creation).
 */
export function buildModel(forge: Forge, name: string, config: ConfigValues, seed: number, created: boolean): FaceSwapModel {
  const definition = forge.models.get(name);
  forge.configure(config);
  const { learnMask } = forge.hooks.modelOptions.call({ learnMask: false });
  const globalOptions = modelGlobalOptions(config);
  const model = definition.build({
    tf: forge.tf,
    config: config[`model.${name}`] ?? {},
    learnMask,
    blocks: createBlocks(seed, globalOptions),
    globalOptions,
    seed,
    sharedEncoderModel,
  });
  return forge.hooks.buildModel.call(model, { name, created });
}

/** The [global] options that change how a model is built, read from the model's config. */
export function modelGlobalOptions(config: ConfigValues): ModelGlobalOptions {
  const global = sectionValues(config, globalSection);
  return { icnrInit: global.icnr_init, reflectPadding: global.reflect_padding, convAwareInit: global.conv_aware_init };
}
