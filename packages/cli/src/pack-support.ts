/** What the encoder, decoder and train commands share about packs: the store, loading a pack, printing one. */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import {
  PackError, PackStore, REGISTRY_ENV, describePackOptions, openRegistry, packId, packWeightsFile, parsePackSpec, readPack, type Logger, type PackKind, type PackManifest, type StoredPack,
} from '@faceforge/packs';

/** The local store: $FACEFORGE_HOME/packs (default ~/.faceforge/packs). */
export function packStore(): PackStore {
  return new PackStore();
}

/** Flags of every command that makes a pack. */
export const packMetadataFlags = {
  license: Flags.string({ description: 'Licence of the pack (SPDX id such as CC-BY-4.0, or a short name). Default: UNLICENSED (all rights reserved).' }),
  keyword: Flags.string({ multiple: true, description: 'Keyword for search (repeatable).' }),
  description: Flags.string({ description: 'One or two sentences for the model card.' }),
  output: Flags.file({ char: 'o', description: 'Also write the archive to this file.' }),
};

export const registryFlag = Flags.string({ char: 'r', env: REGISTRY_ENV, description: `Registry URL or folder (or ${REGISTRY_ENV}).` });
export const tokenFlag = Flags.string({ env: 'FACEFORGE_TOKEN', description: 'Publish token of the registry (or FACEFORGE_TOKEN).' });

export interface LoadedPack {
  manifest: PackManifest;
  weights: Buffer;
  sha512: string;
  /** Where it came from, for messages. */
  label: string;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/** A pack named by an archive file (verified now) or by NAME@RANGE in the store. */
export async function loadPack(kind: PackKind, specOrFile: string, store: PackStore = packStore()): Promise<LoadedPack> {
  if (await isFile(specOrFile)) {
    const path = resolve(specOrFile);
    const { manifest, files, sha512 } = readPack(await readFile(path), { source: path });
    return { manifest, weights: files.get(packWeightsFile(manifest))!, sha512, label: path };
  }
  const stored = await store.resolve(kind, specOrFile);
  return { manifest: stored.manifest, weights: await store.readWeights(stored), sha512: stored.sha512, label: packId(stored.manifest) };
}

export function packLine(pack: StoredPack): string {
  const m = pack.manifest;
  const iterations = m.lineage.sessions.reduce((sum, s) => sum + s.iterations, 0);
  const side = m.kind === 'decoder' ? ` side ${m.side}` : '';
  return `${packId(m).padEnd(28)} ${`${m.model.plugin} ${m.model.part}${side}`.padEnd(24)} ${`${m.model.inputSize}px`.padEnd(6)} ${String(iterations).padStart(9)} it  ${m.license}${pack.yanked ? '  (yanked)' : ''}`;
}

export function packDetails(pack: { manifest: PackManifest; sha512: string; dir?: string }): string[] {
  const m = pack.manifest;
  const lines = [
    `${packId(m)}: ${m.kind} pack${m.description ? ` — ${m.description}` : ''}`,
    `  model        ${m.model.plugin} ${m.model.pluginRange}, part ${m.model.part}${m.side ? ` (side ${m.side})` : ''}`,
    `  framing      input ${m.model.inputSize} px, centering ${m.model.centering}, coverage ${m.model.coverage}%`,
    `  options      ${m.model.options ? describePackOptions(m) || '-' : 'not recorded (a pack made before faceforge recorded them)'}`,
    `  fingerprint  ${m.fingerprint}`,
    ...(m.encoderFingerprint && m.kind === 'decoder' ? [`  encoder      ${m.encoderFingerprint}`] : []),
    `  lineage id   ${m.encoder ? `${m.encoder.lineage}, ${m.kind === 'decoder' ? 'last trained against its encoder at' : 'trained'} ${m.encoder.iterations} iterations` : 'not recorded (a pack made before faceforge recorded them)'}`,
    `  license      ${m.license}`,
    ...(m.keywords.length ? [`  keywords     ${m.keywords.join(', ')}`] : []),
    `  integrity    ${pack.sha512}`,
    ...(pack.dir ? [`  stored in    ${pack.dir}`] : []),
    `  lineage      ${m.lineage.parent ? `continues ${m.lineage.parent}` : 'trained from scratch'}`,
  ];
  m.lineage.sessions.forEach((s, i) => {
    const who = s.identities.map((id) => `${id.label} (${id.faces}${id.descriptorHash ? `, ${id.descriptorHash.slice(0, 15)}…` : ''})`).join(', ') || '-';
    lines.push(`    ${String(i + 1).padStart(2)}. ${s.date.slice(0, 10)}  ${String(s.iterations).padStart(8)} it  loss A ${s.finalLoss.a.toFixed(5)} B ${s.finalLoss.b.toFixed(5)}  ${who}`);
  });
  return lines;
}

/** `<kind> pull NAME@RANGE`: resolve on a registry, download (checked against the index's sha512), verify and add to the store. */
const aKind = (kind: PackKind) => (kind === 'encoder' ? 'an encoder' : 'a decoder');

export async function pullPack(kind: PackKind, spec: string, registryLocation: string | undefined, logger: Logger): Promise<StoredPack & { added: boolean }> {
  const { name, range } = parsePackSpec(spec);
  const registry = openRegistry(registryLocation, { logger });
  const resolved = await registry.resolve(name, range);
  if (resolved.kind !== kind) throw new PackError(`${name}@${resolved.version} on ${registry.location} is ${aKind(resolved.kind)} pack; use \`faceforge ${resolved.kind} pull\``);
  const archive = await registry.download(name, resolved.version);
  const store = packStore();
  const stored = await store.add(archive, { source: `${registry.location} ${name}@${resolved.version}`, expectedSha512: resolved.entry.sha512, yanked: resolved.entry.yanked === true });
  if (stored.manifest.name !== name || stored.manifest.version !== resolved.version) {
    // The index and the archive disagree: keep nothing from a registry that serves the wrong pack.
    await store.remove(kind, stored.manifest.name, stored.manifest.version);
    throw new PackError(`${registry.location}: asked for ${name}@${resolved.version} but the archive holds ${packId(stored.manifest)}; not installed`);
  }
  return stored;
}

/** `<kind> publish PACK`: an archive file or NAME@RANGE from the store, verified here before it is sent. */
export async function publishPack(kind: PackKind, specOrFile: string, registryLocation: string | undefined, token: string | undefined, logger: Logger) {
  if (!token) throw new PackError('publishing needs a token: --token or FACEFORGE_TOKEN (ask the registry\'s operator for one)');
  const archive = (await isFile(specOrFile)) ? await readFile(resolve(specOrFile)) : await packStore().readArchive(await packStore().resolve(kind, specOrFile));
  const { manifest } = readPack(archive, { source: specOrFile });
  if (manifest.kind !== kind) throw new PackError(`${specOrFile} is ${aKind(manifest.kind)} pack; use \`faceforge ${manifest.kind} publish\``);
  const registry = openRegistry(registryLocation, { logger });
  return { registry: registry.location, result: await registry.publish(archive, token) };
}
