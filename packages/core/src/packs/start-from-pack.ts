/**
 * `train --encoder NAME@RANGE`: a new model takes its encoder from a pack. The freshly built
 * model's encoder must have the pack's fingerprint; otherwise training refuses with both
 * fingerprints (the weights would not fit, or would see faces framed differently). It never
 * falls back to the fresh initialisation silently.
 */
import semver from 'semver';
import type { Forge } from '../forge.js';
import type { FaceSwapModel } from '../model/face-swap-model.js';
import { loadPartWeights } from '../model/model-files.js';
import type { ModelState } from '../train/model-state.js';
import { PackError } from '../util/errors.js';
import { partFingerprint, framingOf } from './fingerprint.js';
import { legacyPackIdentity } from './encoder-identity.js';
import { packId, packWeightsFile, type PackManifest } from '@faceforge/packs';

/** A resolved encoder pack: its manifest and verified weights file. */
export interface EncoderPackSource {
  manifest: PackManifest;
  weights: Buffer;
  /** SRI sha512 of the archive the weights came from, for the lineage. */
  sha512?: string;
}

/** What state.json's lineage records about the pack a model started from. */
export interface EncoderPackLineage {
  type: 'encoder-pack';
  name: string;
  version: string;
  fingerprint: string;
  sha512?: string;
  /** The pack's own lineage sessions, so `encoder season` can append to them. */
  sessions: PackManifest['lineage']['sessions'];
}

/** Version of the plugin that registered `modelName`, if the forge knows it. */
export function modelPluginVersion(forge: Forge, modelName: string): string | undefined {
  const owner = forge.models.owner(modelName);
  return owner ? forge.plugin(owner)?.meta.version : undefined;
}

export function loadEncoderPack(forge: Forge, model: FaceSwapModel, modelName: string, state: ModelState, pack: EncoderPackSource): void {
  const { manifest } = pack;
  const id = packId(manifest);
  if (manifest.kind !== 'encoder') throw new PackError(`${id} is a ${manifest.kind} pack, not an encoder pack`);
  const part = model.parts[manifest.model.part];
  const fingerprint = part ? partFingerprint(part, { inputSize: model.inputSize, ...framingOf(state.config) }) : undefined;
  if (manifest.model.plugin !== modelName) {
    const ours = fingerprint ? `; this '${modelName}' model's ${manifest.model.part} has fingerprint ${fingerprint}` : '';
    throw new PackError(
      `refused: ${id} holds an encoder for the '${manifest.model.plugin}' model (fingerprint ${manifest.fingerprint}), not '${modelName}'${ours}. ` +
        `Train with -t ${manifest.model.plugin}`,
    );
  }
  if (!part || !fingerprint) throw new PackError(`${id} holds part '${manifest.model.part}', which a '${modelName}' model does not have (parts: ${Object.keys(model.parts).join(', ')})`);
  if (fingerprint !== manifest.fingerprint) {
    const { centering, coverage } = framingOf(state.config);
    throw new PackError(
      `${id} does not fit this model: its ${manifest.model.part} has fingerprint ${manifest.fingerprint} ` +
        `(input ${manifest.model.inputSize} px, centering ${manifest.model.centering}, coverage ${manifest.model.coverage}%), ` +
        `this model's has ${fingerprint} (input ${model.inputSize} px, centering ${centering}, coverage ${coverage}%). ` +
        `Use the configuration the pack was trained with (see \`faceforge encoder info ${id}\`), or another pack`,
    );
  }
  const pluginVersion = modelPluginVersion(forge, modelName);
  if (pluginVersion && !semver.satisfies(pluginVersion, manifest.model.pluginRange, { includePrerelease: true })) {
    forge.log.warn(`${id} was made for ${manifest.model.plugin} ${manifest.model.pluginRange}; installed is ${pluginVersion}. The architecture matches, so it loads`);
  }
  loadPartWeights(part, pack.weights, `${id}/${packWeightsFile(manifest)}`);
  const lineage: EncoderPackLineage = {
    type: 'encoder-pack', name: manifest.name, version: manifest.version, fingerprint: manifest.fingerprint,
    ...(pack.sha512 ? { sha512: pack.sha512 } : {}), sessions: manifest.lineage.sessions,
  };
  state.lineage.push(lineage as unknown as Record<string, unknown>);
  state.encoder = manifest.encoder ? { ...manifest.encoder } : legacyPackIdentity(manifest.name);
  forge.log.info(`${manifest.model.part} from pack ${id} (${manifest.fingerprint})`);
}
