/** The RealFace model plugin: registers `realface` and owns [model.realface]. */
import { definePlugin } from '@faceforge/core';
import { realfaceConfig } from './realface-config.js';
import { buildRealface } from './realface-model.js';

const PLUGIN_NAME = 'realface';

const plugin = definePlugin({
  meta: {
    name: PLUGIN_NAME,
    kind: 'model',
    version: '0.1.0',
    description: "faceswap's RealFace (\"Pegasus\"): 64–128 px in, 64–256 px out, residual encoder, unbalanced decoders (swaps A to B best)",
  },
  config: realfaceConfig,
  presets: {
    default: { description: "faceswap's defaults: 64 px in, 128 px out", values: { input_size: 64, output_size: 128, dense_nodes: 1536, complexity_encoder: 128, complexity_decoder: 512 } },
    'hd-out': { description: '128 px in, 256 px out: the most detail, and the most memory and time', values: { input_size: 128, output_size: 256 } },
    light: { description: 'The smallest RealFace: 64 px in and out, the fewest dense nodes and encoder filters', values: { input_size: 64, output_size: 64, dense_nodes: 768, complexity_encoder: 96, complexity_decoder: 512 } },
  },
  apply(api) {
    api.models.register({ name: PLUGIN_NAME, description: plugin.meta.description, build: buildRealface });
  },
});

export default plugin;
export { buildRealface, realfaceConfig };
export { realfaceSizes, denseWidthAndUpscalers, checkSizes } from './realface-sizes.js';
