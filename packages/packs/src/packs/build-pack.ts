/**
 * Builds a pack archive: manifest.json, the part's weights file and a README model card, as a
 * reproducible tar.gz (the same inputs give the same bytes, so the same weights get the same sha512
 * wherever they are packed).
 */
import { MANIFEST_FILE, packWeightsFile, validatePackManifest, type PackManifest } from './pack-manifest.js';
import { modelCard } from './model-card.js';
import { parameterCount, weightsFileArchitecture } from './fingerprint.js';
import { sha256Hex, sha512Integrity } from './inspect-pack.js';
import { writeTarGz } from './tar-archive.js';

export const README_FILE = 'README.md';

/** Everything a manifest says except `format`, `formatVersion` and `files`, which the build fills in. */
export type PackDescription = Omit<PackManifest, 'format' | 'formatVersion' | 'files'>;

export interface BuiltPack {
  archive: Buffer;
  manifest: PackManifest;
  /** SRI 'sha512-<base64>' of the archive. */
  sha512: string;
}

/** Fixed key order, so the manifest's bytes depend only on its values. */
function orderedManifest(description: PackDescription, files: PackManifest['files']): PackManifest {
  const manifest: PackManifest = {
    format: 'faceforge-pack',
    formatVersion: 1,
    kind: description.kind,
    name: description.name,
    version: description.version,
    ...(description.description ? { description: description.description } : {}),
    keywords: [...description.keywords],
    license: description.license,
    model: {
      plugin: description.model.plugin, pluginRange: description.model.pluginRange, part: description.model.part,
      inputSize: description.model.inputSize, centering: description.model.centering, coverage: description.model.coverage,
      ...(description.model.options ? { options: structuredClone(description.model.options) } : {}),
    },
    fingerprint: description.fingerprint,
    ...(description.encoderFingerprint ? { encoderFingerprint: description.encoderFingerprint } : {}),
    ...(description.encoder ? { encoder: { lineage: description.encoder.lineage, iterations: description.encoder.iterations } } : {}),
    ...(description.side ? { side: description.side } : {}),
    lineage: {
      ...(description.lineage.parent ? { parent: description.lineage.parent } : {}),
      sessions: description.lineage.sessions.map((s) => ({
        date: s.date,
        identities: s.identities.map((id) => ({ label: id.label, ...(id.descriptorHash ? { descriptorHash: id.descriptorHash } : {}), faces: id.faces })),
        iterations: s.iterations,
        finalLoss: { a: s.finalLoss.a, b: s.finalLoss.b },
      })),
    },
    files,
  };
  return manifest;
}

export function buildPack(description: PackDescription, weights: Buffer): BuiltPack {
  const source = `${description.name}@${description.version}`;
  const weightsFile = packWeightsFile(description);
  const parameters = parameterCount(weightsFileArchitecture(weights, weightsFile));
  // The card is written from the manifest; the manifest lists the card: build the card from a
  // manifest whose file list does not matter to it, then list both files.
  const draft = orderedManifest(description, [{ path: weightsFile, size: weights.length, sha256: sha256Hex(weights) }]);
  validatePackManifest(draft, source);
  const readme = Buffer.from(modelCard(draft, parameters), 'utf8');
  const files = [
    { path: README_FILE, size: readme.length, sha256: sha256Hex(readme) },
    { path: weightsFile, size: weights.length, sha256: sha256Hex(weights) },
  ].sort((x, y) => (x.path < y.path ? -1 : 1));
  const manifest = validatePackManifest(orderedManifest(description, files), source);
  const archive = writeTarGz([
    { path: MANIFEST_FILE, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { path: README_FILE, data: readme },
    { path: weightsFile, data: weights },
  ]);
  return { archive, manifest, sha512: sha512Integrity(archive) };
}
