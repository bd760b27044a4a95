/**
 * Fingerprints of built model parts and the framing a model's config gives them. The fingerprint
 * recipe itself (architectureFingerprint over plain weight descriptors) lives in @faceforge/packs.
 */
import { architectureFingerprint } from '@faceforge/packs';
import type { tf } from '../tf.js';
import { partArchitecture } from '../model/model-files.js';
import type { ConfigValues } from '../config/ini-file.js';

/** faceswap's default centering, used for models whose config predates the option. */
export const DEFAULT_CENTERING = 'face';
const DEFAULT_COVERAGE = 100;

/** Centering and coverage as a model's config holds them ([global]). */
export function framingOf(config: ConfigValues): { centering: string; coverage: number } {
  const global = config['global'] ?? {};
  return {
    centering: String(global.centering ?? DEFAULT_CENTERING),
    coverage: Number(global.coverage ?? DEFAULT_COVERAGE),
  };
}

/** Fingerprint of a built part of a model with the given input size and framing. */
export function partFingerprint(part: tf.LayersModel, model: { inputSize: number; centering: string; coverage: number }): string {
  return architectureFingerprint({ weights: partArchitecture(part), ...model });
}
