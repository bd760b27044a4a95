/** The Villain model plugin: registers `villain` and owns [model.villain]. */
import { definePlugin } from '@faceforge/core';
import { villainConfig } from './villain-config.js';
import { buildVillain } from './villain-model.js';

const PLUGIN_NAME = 'villain';

const plugin = definePlugin({
  meta: {
    name: PLUGIN_NAME,
    kind: 'model',
    version: '0.1.0',
    description: "faceswap's Villain model: 128 px, residual encoder shared by both people, two decoders with residual blocks",
  },
  config: villainConfig,
  presets: {
    lowmem: { description: 'Half the residual blocks, no 1024-filter separable conv, a 512 encoder dense layer: for machines with little memory', values: { lowmem: true } },
    default: { description: "faceswap's defaults", values: { lowmem: false } },
  },
  apply(api) {
    api.models.register({ name: PLUGIN_NAME, description: plugin.meta.description, build: buildVillain });
  },
});

export default plugin;
export { buildVillain, villainConfig };
