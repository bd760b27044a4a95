/**
 * Where faceforge keeps its files: one home. `FACEFORGE_HOME` holds everything; without it the
 * XDG base folders do (oclif's FACEFORGE_DATA_DIR/CONFIG_DIR/CACHE_DIR still set one folder each):
 *
 *   data    $FACEFORGE_HOME, else $XDG_DATA_HOME/faceforge (~/.local/share/faceforge)
 *             plugins/   plugins installed (an npm prefix) and linked (linked-plugins.json)
 *             packs/     the encoder and decoder pack store
 *   config  $FACEFORGE_HOME, else $XDG_CONFIG_HOME/faceforge (~/.config/faceforge)
 *             presets/   presets you saved
 *   cache   $FACEFORGE_HOME/cache, else $XDG_CACHE_HOME/faceforge (~/.cache/faceforge)
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface FaceforgeFolder {
  path: string;
  /** Which setting chose it, for `faceforge doctor`: e.g. 'FACEFORGE_HOME', 'XDG_DATA_HOME', 'default'. */
  from: string;
}

export interface FaceforgeDirs {
  data: FaceforgeFolder;
  config: FaceforgeFolder;
  cache: FaceforgeFolder;
  /** Installed and linked plugins. */
  plugins: string;
  /** The pack store. */
  packs: string;
  /** Saved presets. */
  presets: string;
}

type Env = Record<string, string | undefined>;

function folder(env: Env, own: string, xdg: string, fallback: string[]): FaceforgeFolder {
  if (env[own]) return { path: env[own]!, from: own };
  if (env[xdg]) return { path: join(env[xdg]!, 'faceforge'), from: xdg };
  return { path: join(homedir(), ...fallback, 'faceforge'), from: 'default' };
}

export function faceforgeDirs(env: Env = process.env): FaceforgeDirs {
  const home = env.FACEFORGE_HOME;
  const data = home ? { path: home, from: 'FACEFORGE_HOME' } : folder(env, 'FACEFORGE_DATA_DIR', 'XDG_DATA_HOME', ['.local', 'share']);
  const config = home ? { path: home, from: 'FACEFORGE_HOME' } : folder(env, 'FACEFORGE_CONFIG_DIR', 'XDG_CONFIG_HOME', ['.config']);
  const cache = home ? { path: join(home, 'cache'), from: 'FACEFORGE_HOME' } : folder(env, 'FACEFORGE_CACHE_DIR', 'XDG_CACHE_HOME', ['.cache']);
  return { data, config, cache, plugins: join(data.path, 'plugins'), packs: join(data.path, 'packs'), presets: join(config.path, 'presets') };
}
