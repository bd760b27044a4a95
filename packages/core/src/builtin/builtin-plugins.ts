/**
 * Core's own plugins, applied before any installed one (webpack applies its defaults the same way):
 * the sections core itself reads ([global]) and the built-ins that have not yet moved to a package
 * of their own. Losses, optimizers, augmentation and the landmark masks are packages (`@faceforge/plugin-losses`,
 * `plugin-optimizers`, `plugin-augment`, `plugin-masks`), discovered like anyone's.
 */
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { globalPlugin } from './global-plugin.js';
import { convertPlugin, sharpenPlugin } from '../convert/convert-plugin.js';
import { colourPlugins } from '../convert/colour/colour-plugins.js';
import { writerPlugins } from '../convert/writers/writer-plugins.js';

export function builtinPlugins(): FaceforgePlugin[] {
  return [globalPlugin, convertPlugin, sharpenPlugin, ...colourPlugins(), ...writerPlugins()];
}
