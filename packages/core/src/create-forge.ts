/**
 * Assembles a forge: core's own plugins first, then every discovered plugin (the built-in packages
 * the CLI depends on are found like anyone's). Adding a plugin needs no change here: installing it
 * is enough.
 *
 * A discovered plugin is someone else's code: one that fails to load, exports something that is not
 * a plugin, or throws in `apply` is named in one warning, left out, and recorded (see
 * `pluginReport`); the others, and the commands that don't need it, keep working.
 */
import { basename, dirname } from 'node:path';
import { Forge } from './forge.js';
import type { FaceforgePlugin } from './plugin/plugin.js';
import { PluginRefusal } from './util/errors.js';
import { discoverPlugins, loadPlugin, nodeModulesChain, pluginEntryFile, coreDir, type DiscoveredPlugin } from './plugin/discover.js';
import { builtinPlugins } from './builtin/builtin-plugins.js';
import { consoleLogger, type Logger } from './util/logger.js';

export interface CreateForgeOptions {
  log?: Logger;
  /** Plugin objects to apply directly (tests, embedding). */
  plugins?: FaceforgePlugin[];
  /** Search installed packages: node_modules from `cwd` and from core's own location upward. */
  discover?: { cwd?: string; nodeModules?: string[]; linked?: string[] } | false;
}

/** The package an applied plugin came from (discovered plugins only). */
export interface PluginSource {
  packageName: string;
  version: string;
  dir: string;
  file: string;
}

/** A discovered plugin that was left out, and why. */
export interface PluginFailure {
  packageName: string;
  version?: string;
  /** The package's folder. */
  dir: string;
  /** Its module file, when the package got that far. */
  file?: string;
  /** The plugin's own name (meta.name), when its module loaded. */
  plugin?: string;
  /** discover: invalid package.json marker; load: import or export failed; check: refused by the forge (meta, section); apply: apply() threw. */
  stage: 'discover' | 'load' | 'check' | 'apply';
  message: string;
}

export interface ForgePluginReport {
  /** Discovered plugins' packages, by plugin name (core's built-ins and `options.plugins` have none). */
  sources: ReadonlyMap<string, PluginSource>;
  failures: readonly PluginFailure[];
}

const reports = new WeakMap<Forge, { sources: Map<string, PluginSource>; failures: PluginFailure[] }>();

/** Where a forge's discovered plugins came from, and the plugins it left out. */
export function pluginReport(forge: Forge): ForgePluginReport {
  return reports.get(forge) ?? { sources: new Map(), failures: [] };
}

export async function findInstalledPlugins(options: { cwd?: string; nodeModules?: string[]; linked?: string[] } = {}, onInvalid?: (dir: string, error: Error) => void): Promise<DiscoveredPlugin[]> {
  const folders = [...(options.nodeModules ?? []), ...nodeModulesChain(options.cwd ?? process.cwd()), ...nodeModulesChain(coreDir)];
  return discoverPlugins({ nodeModules: [...new Set(folders)], linked: options.linked, onInvalid });
}

function packageNameOf(dir: string): string {
  const parent = basename(dirname(dir));
  return parent.startsWith('@') ? `${parent}/${basename(dir)}` : basename(dir);
}

export async function createForge(options: CreateForgeOptions = {}): Promise<Forge> {
  const log = options.log ?? consoleLogger;
  const forge = new Forge(log);
  const report = { sources: new Map<string, PluginSource>(), failures: [] as PluginFailure[] };
  reports.set(forge, report);
  const leaveOut = (failure: PluginFailure, warning: string) => {
    report.failures.push(failure);
    log.warn(`${warning}; left out, the run continues without it`);
  };

  for (const plugin of builtinPlugins()) forge.use(plugin);
  for (const plugin of options.plugins ?? []) forge.use(plugin);
  if (options.discover !== false) {
    const found = await findInstalledPlugins(options.discover ?? {}, (dir, error) =>
      leaveOut({ packageName: packageNameOf(dir), dir, stage: 'discover', message: error.message }, error.message));
    for (const pkg of found) {
      const where = { packageName: pkg.packageName, version: pkg.version, dir: pkg.dir };
      const file = await pluginEntryFile(pkg);
      let plugins: FaceforgePlugin[];
      try {
        plugins = await loadPlugin(pkg);
      } catch (error) {
        const message = (error as Error).message;
        leaveOut({ ...where, file, stage: 'load', message }, message);
        continue;
      }
      for (const plugin of plugins) {
        const name = typeof plugin?.meta?.name === 'string' ? plugin.meta.name : undefined;
        if (name && forge.plugin(name)) continue; // an earlier package (linked, nearer node_modules) already gave it
        const label = `plugin ${pkg.packageName}${name && name !== pkg.packageName ? ` ('${name}')` : ''} (${file})`;
        // forge.use is all or nothing: a plugin it refuses, or whose apply() throws, leaves no trace.
        try {
          forge.use(plugin);
        } catch (error) {
          const applying = error instanceof PluginRefusal === false;
          const message = applying ? `apply() threw: ${(error as Error).message}` : (error as Error).message;
          leaveOut({ ...where, file, plugin: name, stage: applying ? 'apply' : 'check', message }, `${label}: ${message}${applying ? '; what it registered and tapped was taken back' : ''}`);
          continue;
        }
        report.sources.set(plugin.meta.name, { ...where, file });
      }
    }
  }
  return forge;
}
