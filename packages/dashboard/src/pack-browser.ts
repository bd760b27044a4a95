/**
 * The Packs page's server side: the local store (with each pack's parent, for the lineage graph),
 * the fingerprint of a model's encoder to match packs against, and a registry's index (search,
 * versions) with pulling into the store. Pulling is the CLI's own `encoder|decoder pull`, handed in.
 */
import { openRegistry, RegistryError, type PackKind, type PackStore, type SearchResults } from '@faceforge/packs';
import { modelPartFingerprint } from '@faceforge/core/packs';
import { readState } from '@faceforge/core/train';
import type { StoredPackEntry } from './api/api-types.js';

export type { StoredPackEntry };

export async function storedPacks(store: PackStore): Promise<StoredPackEntry[]> {
  return (await store.list()).map((p) => {
    const m = p.manifest as unknown as Record<string, unknown> & { lineage?: { parent?: string; origin?: string }; model: { plugin: string } };
    return {
      kind: p.kind, name: p.name, version: p.version, plugin: m.model.plugin, fingerprint: String(m.fingerprint ?? ''),
      encoderFingerprint: typeof m.encoderFingerprint === 'string' ? m.encoderFingerprint : undefined,
      parent: m.lineage?.parent, origin: m.lineage?.origin,
      description: String(m.description ?? ''), license: String(m.license ?? ''), yanked: p.yanked,
    };
  });
}

/** The architecture fingerprint of a model's encoder (what an encoder pack must match to start from, or a decoder pack's encoderFingerprint). */
export async function encoderFingerprint(modelDir: string): Promise<string | undefined> {
  const state = await readState(modelDir);
  if (!state || !state.parts.includes('encoder')) return undefined;
  return modelPartFingerprint(modelDir, state, 'encoder');
}

export interface RegistryAccess {
  /** Registry URL or folder; undefined: FACEFORGE_REGISTRY, or none. */
  location?: string;
  /** The CLI's pull: resolve, download, verify and add to the store. */
  pull?: (kind: PackKind, spec: string) => Promise<{ name: string; version: string; added: boolean }>;
}

export function registryOf(access: RegistryAccess) {
  const location = access.location ?? process.env.FACEFORGE_REGISTRY;
  if (!location) return undefined;
  return openRegistry(location);
}

export async function searchRegistry(access: RegistryAccess, text: string, fingerprint?: string): Promise<SearchResults & { location: string }> {
  const registry = registryOf(access);
  if (!registry) throw new RegistryError('no registry: start the dashboard with --registry URL (or set FACEFORGE_REGISTRY)');
  return { location: registry.location, ...(await registry.search({ text, fingerprint })) };
}
