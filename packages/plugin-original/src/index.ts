/** The Original model plugin: registers `original` and owns [model.original]. */
import type { FaceforgePlugin } from '@faceforge/core';
import { originalConfig } from './original-config.js';
import { buildOriginal } from './original-model.js';

const PLUGIN_NAME = 'original';

const plugin: FaceforgePlugin = {
  meta: {
    name: PLUGIN_NAME,
    kind: 'model',
    version: '0.1.0',
    description: "faceswap's Original model: 64 px, shared encoder, two decoders",
  },
  config: originalConfig,
  presets: {
    lowmem: { description: 'Smaller encoder for machines with little memory', values: { lowmem: true } },
    default: { description: "faceswap's defaults", values: { lowmem: false } },
  },
  apply(forge) {
    forge.hooks.models.tap(PLUGIN_NAME, (registry) =>
      registry.register({ name: PLUGIN_NAME, description: plugin.meta.description, build: buildOriginal }, PLUGIN_NAME),
    );
  },
};

export default plugin;
export { buildOriginal, originalConfig };
