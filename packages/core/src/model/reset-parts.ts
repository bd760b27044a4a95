/**
 * `faceforge model reset -m MODEL --part decoder_a`: re-initialise chosen parts on purpose, with
 * fresh weights from the plugin's own initialisers (the community's "delete inter_AB.npy" and
 * ready-to-merge workflows, done explicitly and recorded in the lineage instead of by deleting
 * files and hoping the trainer notices).
 */
import type { Forge } from '../forge.js';
import { hashSeed } from '../util/rng.js';
import { withModelLock } from '../io/model-lock.js';
import { ModelFileError } from '../util/errors.js';
import { buildModel } from './build-model.js';
import { encodePart } from './model-files.js';
import { openExistingModel, readPartFile, relabelPart, replaceModelParts } from './replace-parts.js';
import { partFile } from './model-files.js';

export interface ResetPartsOptions {
  modelDir: string;
  parts: string[];
  /** Seed of the fresh weights; default: derived from the model's seed and iteration count. */
  seed?: number;
}

export interface ResetPartsResult {
  parts: string[];
  seed: number;
  iterations: number;
  /** The restore point holding the model as it was before. */
  restorePoint: string;
}

export async function resetParts(forge: Forge, options: ResetPartsOptions): Promise<ResetPartsResult> {
  return withModelLock(options.modelDir, 'model reset', () => resetHoldingLock(forge, options), forge.log);
}

async function resetHoldingLock(forge: Forge, options: ResetPartsOptions): Promise<ResetPartsResult> {
  const { modelDir } = options;
  const state = await openExistingModel(modelDir);
  const parts = [...new Set(options.parts)];
  if (parts.length === 0) throw new ModelFileError('name at least one part to reset (--part)');
  for (const part of parts) {
    if (!state.parts.includes(part)) throw new ModelFileError(`${modelDir}: the model has no part '${part}' (parts: ${state.parts.join(', ')})`);
  }
  // Not the model's own seed: that would rebuild the very weights the part started with.
  const seed = options.seed ?? hashSeed(state.seed, 'reset', state.iterations, state.lineage.length);
  const model = buildModel(forge, state.model, state.config, seed, false);
  let restorePoint: string;
  try {
    const fresh: Record<string, Buffer> = {};
    for (const part of parts) {
      const built = model.parts[part];
      if (!built) throw new ModelFileError(`the '${state.model}' plugin no longer builds part '${part}'`);
      const current = await readPartFile(modelDir, state, part);
      // Same layout check as any replacement: the plugin must still build what the folder holds.
      fresh[part] = relabelPart(await encodePart(part, built), `fresh ${part}`, current, partFile(part));
    }
    restorePoint = await replaceModelParts({
      dir: modelDir, state, parts: fresh,
      lineage: { type: 'reset', parts, seed, iterations: state.iterations, date: new Date().toISOString() },
    });
  } finally {
    for (const part of Object.values(model.parts)) part.dispose();
  }
  return { parts, seed, iterations: state.iterations, restorePoint };
}
