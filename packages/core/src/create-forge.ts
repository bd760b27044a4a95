/**
 * Assembles a forge: core's built-in plugins first, then every discovered plugin, then the
 * registration hooks. Adding a plugin needs no change here: installing it is enough.
 */
import { Forge } from './forge.js';
import type { FaceforgePlugin } from './plugin/plugin.js';
import { discoverPlugins, loadPlugin, nodeModulesChain, coreDir, type DiscoveredPlugin } from './plugin/discover.js';
import { builtinPlugins } from './builtin/builtin-plugins.js';
import { consoleLogger, type Logger } from './util/logger.js';

export interface CreateForgeOptions {
  log?: Logger;
  /** Plugin objects to apply directly (tests, embedding). */
  plugins?: FaceforgePlugin[];
  /** Search installed packages: node_modules from `cwd` and from core's own location upward. */
  discover?: { cwd?: string; nodeModules?: string[]; linked?: string[] } | false;
}

export async function findInstalledPlugins(options: { cwd?: string; nodeModules?: string[]; linked?: string[] } = {}): Promise<DiscoveredPlugin[]> {
  const folders = [...(options.nodeModules ?? []), ...nodeModulesChain(options.cwd ?? process.cwd()), ...nodeModulesChain(coreDir)];
  return discoverPlugins({ nodeModules: [...new Set(folders)], linked: options.linked });
}

export async function createForge(options: CreateForgeOptions = {}): Promise<Forge> {
  const forge = new Forge(options.log ?? consoleLogger);
  for (const plugin of builtinPlugins()) forge.use(plugin);
  for (const plugin of options.plugins ?? []) forge.use(plugin);
  if (options.discover !== false) {
    for (const found of await findInstalledPlugins(options.discover ?? {})) {
      for (const plugin of await loadPlugin(found)) if (!forge.plugin(plugin.meta.name)) forge.use(plugin);
    }
  }
  return forge;
}
