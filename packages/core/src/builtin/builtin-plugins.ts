/** Core's own plugins, applied before any installed one (webpack applies its defaults the same way). */
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { globalPlugin } from './global-plugin.js';
import { createLossPlugin } from './loss-plugin.js';
import { optimizerPlugin } from './optimizer-plugin.js';
import { augmentationPlugin } from './augmentation-plugin.js';
import { maskPlugin } from './mask-plugin.js';
import { convertPlugin, sharpenPlugin } from '../convert/convert-plugin.js';
import { colourPlugins } from '../convert/colour/colour-plugins.js';
import { writerPlugins } from '../convert/writers/writer-plugins.js';

/** Fresh instances per forge: the loss plugin keeps a reference to its forge. */
export function builtinPlugins(): FaceforgePlugin[] {
  return [globalPlugin, createLossPlugin(), optimizerPlugin, augmentationPlugin, maskPlugin, convertPlugin, sharpenPlugin, ...colourPlugins(), ...writerPlugins()];
}
