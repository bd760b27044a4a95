/**
 * A registry server's directory. `public/` is the static layout, the only part ever served and the
 * part a static host or bucket can mirror; `private/` holds owners and hashed tokens, never served.
 *
 *   D/public/index.json
 *   D/public/packs/<name>/<name>-<version>.tar.gz
 *   D/private/owners.json      { "<pack name>": "<user>" }
 *   D/private/tokens.json      { "tokens": [{ "user", "sha256", "created" }] }
 *   D/private/lock             held while the index, owners or tokens change
 *   D/private/uploads/         archives being published (moved into public/ whole, or removed)
 */
import { join, resolve } from 'node:path';
import { INDEX_FILE, PUBLIC_DIR } from '@faceforge/packs';

export interface RegistryPaths {
  root: string;
  publicDir: string;
  index: string;
  privateDir: string;
  owners: string;
  tokens: string;
  lock: string;
  uploads: string;
}

export function registryPaths(dir: string): RegistryPaths {
  const root = resolve(dir);
  const publicDir = join(root, PUBLIC_DIR);
  const privateDir = join(root, 'private');
  return {
    root, publicDir, index: join(publicDir, INDEX_FILE), privateDir,
    owners: join(privateDir, 'owners.json'), tokens: join(privateDir, 'tokens.json'),
    lock: join(privateDir, 'lock'), uploads: join(privateDir, 'uploads'),
  };
}
