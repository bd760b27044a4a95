/**
 * Picks the version of a pack that a range means: the highest that satisfies it and is not yanked.
 * A yanked version is returned only when asked for exactly (so existing lockstep users keep working),
 * and deprecated versions come with a warning.
 */
import type { PackKind } from '../packs/pack-manifest.js';
import semver from 'semver';
import { RegistryError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { installableVersions, latestVersion, type PackVersionEntry, type RegistryIndex } from './index-format.js';

export interface ResolvedPack {
  name: string;
  version: string;
  kind: PackKind;
  entry: PackVersionEntry;
}

export function resolveVersion(index: RegistryIndex, name: string, range: string | undefined, source: string, logger: Logger = silentLogger): ResolvedPack {
  const pack = index.packs[name];
  if (!pack) throw new RegistryError(`${source}: no pack named "${name}"`, 404);
  const wanted = !range || range === 'latest' ? '*' : range;
  const exact = semver.valid(wanted);

  let version: string | null;
  if (wanted === '*') {
    version = latestVersion(pack) ?? null;
  } else if (exact) {
    version = pack.versions[exact] ? exact : null;
  } else {
    if (!semver.validRange(wanted)) throw new RegistryError(`${source}: "${range}" is not a version or semver range (try ${name}@^1.0.0)`, 400);
    version = semver.maxSatisfying(installableVersions(pack), wanted);
  }
  if (!version) {
    const available = installableVersions(pack);
    const yanked = Object.keys(pack.versions).filter((v) => pack.versions[v]!.yanked && semver.satisfies(v, wanted));
    const hint = yanked.length ? `; yanked (ask for them exactly): ${yanked.join(', ')}` : '';
    throw new RegistryError(`${source}: no version of "${name}" satisfies "${wanted}" (available: ${available.join(', ') || 'none'}${hint})`, 404);
  }

  const entry = pack.versions[version]!;
  if (entry.yanked) logger.warn(`${name}@${version} is yanked: its publisher withdrew it; using it only because it was asked for exactly`);
  if (entry.deprecated) logger.warn(`${name}@${version} is deprecated: ${entry.deprecated}`);
  return { name, version, kind: pack.kind, entry };
}
