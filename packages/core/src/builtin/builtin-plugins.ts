/**
 * Core's own plugins, applied before any installed one (webpack applies its defaults the same way):
 * the sections core itself reads ([global]) and the built-ins that have not yet moved to a package
 * of their own. Losses, optimizers and augmentation are packages (`@faceforge/plugin-losses`,
 * `plugin-optimizers`, `plugin-augment`), discovered like anyone's.
 */
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { globalPlugin } from './global-plugin.js';
import { maskPlugin } from './mask-plugin.js';
import { convertPlugin, sharpenPlugin } from '../convert/convert-plugin.js';
import { colourPlugins } from '../convert/colour/colour-plugins.js';
import { writerPlugins } from '../convert/writers/writer-plugins.js';

export function builtinPlugins(): FaceforgePlugin[] {
  return [globalPlugin, maskPlugin, convertPlugin, sharpenPlugin, ...colourPlugins(), ...writerPlugins()];
}
