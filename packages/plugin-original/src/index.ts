/** The Original model plugin: registers `original` and owns [model.original]. */
import { definePlugin } from '@faceforge/core';
import { originalConfig } from './original-config.js';
import { buildOriginal } from './original-model.js';

const PLUGIN_NAME = 'original';

const plugin = definePlugin({
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
  apply(api) {
    api.models.register({ name: PLUGIN_NAME, description: plugin.meta.description, build: buildOriginal });
  },
});

export default plugin;
export { buildOriginal, originalConfig };
