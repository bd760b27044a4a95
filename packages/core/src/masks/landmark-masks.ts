/**
 * How core gets masks drawn from landmarks: never by drawing them itself, always from the mask
 * plugins registered in a forge (`@faceforge/plugin-masks` registers components, extended, eye,
 * mouth). Extraction stores some of them in every face; curation measures sharpness inside one.
 */
import type { Image, Point } from '../data/image.js';
import type { MaskDefinition } from '../hooks/contributions.js';
import { PluginError } from '../util/errors.js';

/** A mask drawn at size×size from 68 landmarks given in that size's pixel frame. */
export type LandmarkMaskDrawing = (landmarks: readonly Point[], size: number) => Image;

/** A named mask drawn from landmarks (what extraction stores in every face). */
export interface LandmarkMaskSource {
  name: string;
  fromLandmarks: LandmarkMaskDrawing;
}

/** The part of a forge's mask registry this needs (`forge.masks`, or a plugin's `api.masks`). */
export interface MaskLookup {
  has(name: string): boolean;
  get(name: string): MaskDefinition;
}

/** `name`'s drawing from landmarks, or undefined when no plugin registered it or it needs more than landmarks. */
export function landmarkMaskDrawing(masks: MaskLookup, name: string): LandmarkMaskDrawing | undefined {
  if (!masks.has(name)) return undefined;
  const definition = masks.get(name);
  return definition.fromLandmarks ? (landmarks, size) => definition.fromLandmarks!(landmarks, size) : undefined;
}

/** The registered masks `names`, each drawn from landmarks; a PluginError names the missing ones. */
export function landmarkMaskSources(masks: MaskLookup, names: readonly string[]): LandmarkMaskSource[] {
  const sources = names.map((name) => ({ name, fromLandmarks: landmarkMaskDrawing(masks, name) }));
  const missing = sources.filter((s) => !s.fromLandmarks).map((s) => s.name);
  if (missing.length > 0) {
    throw new PluginError(`no mask plugin draws the landmark mask(s) ${missing.map((n) => `'${n}'`).join(', ')} (install @faceforge/plugin-masks)`);
  }
  return sources as LandmarkMaskSource[];
}
