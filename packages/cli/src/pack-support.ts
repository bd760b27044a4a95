/** What the encoder, decoder and train commands share about packs: the store, loading a pack, printing one. */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { PackStore, packId, packWeightsFile, readPack, type PackKind, type PackManifest, type StoredPack } from '@faceforge/core';

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
    `  fingerprint  ${m.fingerprint}`,
    ...(m.encoderFingerprint && m.kind === 'decoder' ? [`  encoder      ${m.encoderFingerprint}`] : []),
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
