/**
 * The fixed options an encoder pack carries, so a model started from it is built the way the
 * pack's model was (lowmem, reflect padding, framing...): the fingerprint would catch a different
 * architecture, but not every option that changes what the weights mean shows in it.
 */
import { describeOptions } from '../config/options.js';
import type { ConfigValues } from '../config/ini-file.js';
import { globalSection } from '../builtin/global-plugin.js';
import type { ModelState } from '../train/model-state.js';
import type { PackManifest } from '@faceforge/packs';

type Scalar = string | number | boolean;
export type PackOptions = NonNullable<PackManifest['model']['options']>;

const scalars = (values: Record<string, unknown> | undefined, keys?: string[]): Record<string, Scalar> =>
  Object.fromEntries(Object.entries(values ?? {}).filter(([key, value]) => (keys ? keys.includes(key) : true) && ['string', 'number', 'boolean'].includes(typeof value))) as Record<string, Scalar>;

/**
 * What a pack of this model records: the model plugin's own section as the model was created (a
 * model section holds architecture options), and core's fixed [global] options.
 */
export function packOptions(state: ModelState): PackOptions {
  const modelSection = `model.${state.model}`;
  const fixedGlobal = describeOptions(globalSection).filter((o) => o.fixed).map((o) => o.key);
  return {
    ...(state.config[modelSection] ? { [modelSection]: scalars(state.config[modelSection]) } : {}),
    global: scalars(state.config.global, fixedGlobal),
  };
}

/** The pack's options as locked config values for a new model; undefined for packs that predate them. */
export function packLockedConfig(manifest: PackManifest): ConfigValues | undefined {
  return manifest.model.options as ConfigValues | undefined;
}
