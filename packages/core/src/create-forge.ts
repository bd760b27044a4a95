/**
 * Assembles a forge: core's built-in plugins first, then every discovered plugin, then the
 * registration hooks. Adding a plugin needs no change here: installing it is enough.
 *
 * A discovered plugin is someone else's code: one that fails to load, exports something that is not
 * a plugin, or throws in `apply` (or in its registration taps) is named in one warning, left out,
 * and recorded (see `pluginReport`); the others, and the commands that don't need it, keep working.
 */
import { basename, dirname } from 'node:path';
import { Forge } from './forge.js';
import { PLUGIN_KINDS, type FaceforgePlugin } from './plugin/plugin.js';
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
  /** discover: invalid package.json marker; load: import or export failed; check: not applicable; apply: apply() threw; register: a registration tap threw. */
  stage: 'discover' | 'load' | 'check' | 'apply' | 'register';
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

/** What tapable keeps per hook; restoring both undoes a plugin's taps and interceptors. */
interface TapList {
  taps: Array<{ name: string; fn: (...args: unknown[]) => unknown }>;
  interceptors: unknown[];
  _resetCompilation?: () => void;
}

const REGISTRATION_HOOKS = ['models', 'losses', 'augmentations', 'masks', 'upscalers', 'colourAdjustments', 'writers'] as const;

function hookLists(forge: Forge): Map<string, TapList> {
  return new Map(Object.entries(forge.hooks as unknown as Record<string, TapList>));
}

function snapshotHooks(forge: Forge): Map<TapList, { taps: TapList['taps']; interceptors: unknown[] }> {
  return new Map([...hookLists(forge).values()].map((hook) => [hook, { taps: [...hook.taps], interceptors: [...hook.interceptors] }]));
}

function restoreHooks(snapshot: ReturnType<typeof snapshotHooks>): void {
  for (const [hook, saved] of snapshot) {
    if (hook.taps.length === saved.taps.length && hook.interceptors.length === saved.interceptors.length) continue;
    hook.taps = saved.taps;
    hook.interceptors = saved.interceptors;
    hook._resetCompilation?.();
  }
}

/** Why a loaded plugin object cannot be applied (the checks `forge.use` makes, without its side effects). */
function unusable(forge: Forge, plugin: FaceforgePlugin): string | undefined {
  const meta = plugin?.meta;
  if (!meta || typeof meta.name !== 'string' || !PLUGIN_KINDS.includes(meta.kind) || typeof plugin.apply !== 'function') {
    return `it must export meta {name, kind (${PLUGIN_KINDS.join('|')}), version, description} and apply(forge)`;
  }
  const section = plugin.config?.id;
  const owner = section ? forge.plugins.find((p) => p.config?.id === section) : undefined;
  if (owner) return `it claims config section [${section}], which plugin '${owner.meta.name}' already owns`;
  return undefined;
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
        const reason = unusable(forge, plugin);
        if (reason) {
          leaveOut({ ...where, file, plugin: name, stage: 'check', message: reason }, `${label}: ${reason}`);
          continue;
        }
        // apply() may tap some hooks and then throw: put the hooks back as they were.
        const before = snapshotHooks(forge);
        try {
          forge.use(plugin);
        } catch (error) {
          restoreHooks(before);
          const message = `apply() threw: ${(error as Error).message}`;
          leaveOut({ ...where, file, plugin: name, stage: 'apply', message }, `${label}: ${message}; its hooks were removed`);
          continue;
        }
        report.sources.set(plugin.meta.name, { ...where, file });
        guardRegistrationTaps(forge, before, (error) => {
          const message = `registering its contributions threw: ${error.message}`;
          leaveOut({ ...where, file, plugin: name, stage: 'register', message }, `${label}: ${message}; what it registered before that stays`);
        });
      }
    }
  }
  return forge.ready();
}

/** Wraps the registration taps a plugin just added so that one that throws is reported, not fatal. */
function guardRegistrationTaps(forge: Forge, before: ReturnType<typeof snapshotHooks>, onError: (error: Error) => void): void {
  const hooks = hookLists(forge);
  for (const key of REGISTRATION_HOOKS) {
    const hook = hooks.get(key)!;
    const old = new Set(before.get(hook)?.taps ?? []);
    for (const tap of hook.taps) {
      if (old.has(tap)) continue;
      const fn = tap.fn;
      tap.fn = (...args: unknown[]) => {
        try {
          return fn(...args);
        } catch (error) {
          onError(error as Error);
          return undefined;
        }
      };
    }
  }
}
