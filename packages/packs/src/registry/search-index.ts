/**
 * Search over an index: the client runs it on a downloaded index and the server runs the same code
 * for `GET /api/v1/search`, so both give the same answers.
 */
import type { PackKind } from '../packs/pack-manifest.js';
import { latestVersion, type RegistryIndex } from './index-format.js';
import type { PluginKind } from './plugin-kinds.js';

export interface SearchQuery {
  /** Case-insensitive words, each found in the name, description, keywords or plugin. */
  text?: string;
  /** Model plugin name ('original') or npm package name. */
  plugin?: string;
  /** A pack's fingerprint or, for decoders, the fingerprint of their encoder (a prefix is enough). */
  fingerprint?: string;
  keyword?: string;
  kind?: PackKind | PluginKind;
}

export interface PackSearchHit {
  name: string;
  kind: PackKind;
  description: string;
  keywords: string[];
  plugin: string;
  /** Newest version that is not yanked. */
  latest: string;
  fingerprint: string;
  encoderFingerprint?: string;
  deprecated?: string;
  versions: number;
}

export interface PluginSearchHit {
  npmName: string;
  kind: PluginKind;
  name: string;
  description: string;
  keywords: string[];
}

export interface SearchResults {
  packs: PackSearchHit[];
  plugins: PluginSearchHit[];
}

function matchesText(fields: string[], text: string | undefined): boolean {
  if (!text?.trim()) return true;
  const haystack = fields.join('\n').toLowerCase();
  return text.toLowerCase().split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

function hasKeyword(keywords: string[], keyword: string | undefined): boolean {
  return !keyword || keywords.some((k) => k.toLowerCase() === keyword.toLowerCase());
}

export function searchIndex(index: RegistryIndex, query: SearchQuery = {}): SearchResults {
  const packs: PackSearchHit[] = [];
  for (const [name, pack] of Object.entries(index.packs)) {
    const latest = latestVersion(pack);
    if (!latest) continue; // every version yanked: nothing to offer
    if (query.kind && query.kind !== pack.kind) continue;
    if (query.plugin && query.plugin !== pack.plugin) continue;
    if (!hasKeyword(pack.keywords, query.keyword)) continue;
    if (!matchesText([name, pack.description, pack.plugin, ...pack.keywords], query.text)) continue;
    const fingerprint = query.fingerprint;
    if (fingerprint && !Object.values(pack.versions).some((v) => !v.yanked && (v.fingerprint.startsWith(fingerprint) || v.encoderFingerprint?.startsWith(fingerprint)))) continue;
    const entry = pack.versions[latest]!;
    packs.push({
      name, kind: pack.kind, description: pack.description, keywords: pack.keywords, plugin: pack.plugin, latest, fingerprint: entry.fingerprint,
      // no undefined fields: results must look the same before and after JSON (the server's answer)
      ...(entry.encoderFingerprint ? { encoderFingerprint: entry.encoderFingerprint } : {}),
      ...(entry.deprecated ? { deprecated: entry.deprecated } : {}),
      versions: Object.keys(pack.versions).length,
    });
  }

  const plugins: PluginSearchHit[] = [];
  // plugins have no fingerprint: a fingerprint query asks for packs only
  if (!query.fingerprint) {
    for (const [npmName, plugin] of Object.entries(index.plugins)) {
      if (query.kind && query.kind !== plugin.kind) continue;
      if (query.plugin && query.plugin !== plugin.name && query.plugin !== npmName) continue;
      if (!hasKeyword(plugin.keywords, query.keyword)) continue;
      if (!matchesText([npmName, plugin.name, plugin.description, ...plugin.keywords], query.text)) continue;
      plugins.push({ npmName, ...plugin });
    }
  }
  packs.sort((a, b) => a.name.localeCompare(b.name));
  plugins.sort((a, b) => a.npmName.localeCompare(b.npmName));
  return { packs, plugins };
}
