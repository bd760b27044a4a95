/**
 * Core's own plugins, applied before any installed one (webpack applies its defaults the same way):
 * the sections core itself reads ([global], [convert.mask] and the convert pipeline's taps) and the
 * landmark masks, which have not yet moved to a package of their own. Losses, optimizers,
 * augmentation and convert's colour adjustments, sharpening and writers are packages
 * (`@faceforge/plugin-losses`, `plugin-optimizers`, `plugin-augment`, `plugin-convert`), discovered
 * like anyone's.
 */
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { globalPlugin } from './global-plugin.js';
import { maskPlugin } from './mask-plugin.js';
import { convertPlugin } from '../convert/convert-plugin.js';

export function builtinPlugins(): FaceforgePlugin[] {
  return [globalPlugin, maskPlugin, convertPlugin];
}
