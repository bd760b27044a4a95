/**
 * Core's own plugins, applied before any installed one (webpack applies its defaults the same way):
 * the sections core itself reads ([global]) and the built-ins that have not yet moved to a package
 * of their own. Losses, optimizers and convert's colour adjustments, sharpening and writers are
 * packages (`@faceforge/plugin-losses`, `@faceforge/plugin-optimizers`, `@faceforge/plugin-convert`),
 * discovered like anyone's.
 */
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { globalPlugin } from './global-plugin.js';
import { augmentationPlugin } from './augmentation-plugin.js';
import { maskPlugin } from './mask-plugin.js';
import { convertPlugin } from '../convert/convert-plugin.js';

export function builtinPlugins(): FaceforgePlugin[] {
  return [globalPlugin, augmentationPlugin, maskPlugin, convertPlugin];
}
