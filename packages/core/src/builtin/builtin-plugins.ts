/**
 * Core's own plugins, applied before any installed one (webpack applies its defaults the same way):
 * the sections core itself reads ([global], [convert.mask]) and the convert pipeline's own taps.
 * Everything else built in is a package discovered like anyone's: losses, optimizers, augmentation,
 * the landmark masks and convert's colour adjustments, sharpening and writers
 * (`@faceforge/plugin-losses`, `plugin-optimizers`, `plugin-augment`, `plugin-masks`, `plugin-convert`).
 */
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { globalPlugin } from './global-plugin.js';
import { convertPlugin } from '../convert/convert-plugin.js';

export function builtinPlugins(): FaceforgePlugin[] {
  return [globalPlugin, convertPlugin];
}
