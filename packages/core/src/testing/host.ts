/** Forges for the harness: core's built-ins (unless the plugin under test replaces one) plus the given plugins, no discovery. */
import { Forge } from '../forge.js';
import type { FaceforgePlugin } from '../plugin/plugin.js';
import { builtinPlugins } from '../builtin/builtin-plugins.js';
import { selectBackend } from '../backend/select-backend.js';
import { silentLogger, type Logger } from '../util/logger.js';

export interface HostOptions {
  /** Apply core's built-in plugins first (default true); one with the name of a given plugin is left out. */
  builtins?: boolean;
  log?: Logger;
}

/** A forge holding `plugins` in order (the first of each name wins), after core's built-ins. */
export function harnessForge(plugins: readonly FaceforgePlugin[], options: HostOptions = {}): Forge {
  const forge = new Forge(options.log ?? silentLogger);
  const unique = plugins.filter((p, i) => plugins.findIndex((q) => q.meta.name === p.meta.name) === i);
  const given = new Set(unique.map((p) => p.meta.name));
  if (options.builtins !== false) for (const plugin of builtinPlugins()) if (!given.has(plugin.meta.name)) forge.use(plugin);
  for (const plugin of unique) forge.use(plugin);
  return forge;
}

/**
 * The plugins a training run needs (losses, optimizers, the landmark masks the loss scores by, and
 * augmentation), loaded from where core is installed: core cannot depend on them (they depend on
 * core), so a plugin author lists them as devDependencies.
 */
export async function trainingPlugins(skip: ReadonlySet<string>): Promise<FaceforgePlugin[]> {
  const wanted: Array<{ name: string; specifier: string }> = [
    { name: 'losses', specifier: '@faceforge/plugin-losses' },
    { name: 'optimizers', specifier: '@faceforge/plugin-optimizers' },
    { name: 'landmark-masks', specifier: '@faceforge/plugin-masks' },
    { name: 'augment', specifier: '@faceforge/plugin-augment' },
  ];
  const plugins: FaceforgePlugin[] = [];
  for (const { name, specifier } of wanted) {
    if (skip.has(name)) continue;
    let module: { default?: FaceforgePlugin };
    try {
      module = (await import(specifier)) as { default?: FaceforgePlugin };
    } catch (error) {
      throw new Error(`training in the harness needs ${specifier} (with @faceforge/plugin-losses, plugin-optimizers, plugin-masks and plugin-augment): add it to devDependencies, or pass a replacement in options.plugins (${(error as Error).message})`);
    }
    if (!module.default) throw new Error(`${specifier} has no default export plugin`);
    plugins.push(module.default);
  }
  return plugins;
}

/** Activates `requested` (else FACEFORGE_BACKEND, else the first backend that works here). */
export async function harnessBackend(requested?: string): Promise<void> {
  await selectBackend({ requested, log: () => undefined });
}
