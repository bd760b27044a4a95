/**
 * The plugin contract. A plugin is an npm package whose package.json has a static
 * `"faceforge": {"kind": ..., "name": ...}` field and the keyword `faceforge-plugin`; its module's
 * default export is `{ meta, config?, presets?, apply(api) }` (ESLint's rule `meta` + schema is the
 * model). `apply` taps the frozen hooks and registers what the plugin contributes through the
 * `PluginApi` it is handed; a plugin never imports its own copy of tfjs.
 */
import type { ConfigSection } from '../config/options.js';
import type { PluginApi, PluginRegistries } from './plugin-api.js';

import type { PluginKind } from '@faceforge/packs';

export { PLUGIN_KINDS, type PluginKind } from '@faceforge/packs';

export interface PluginMeta {
  /** Unique plugin name, e.g. 'original'. */
  name: string;
  kind: PluginKind;
  version: string;
  description: string;
}

export interface Preset {
  description: string;
  /** Option values for the plugin's section. */
  values: Record<string, unknown>;
}

export interface FaceforgePlugin<S extends ConfigSection | undefined = ConfigSection | undefined> {
  meta: PluginMeta;
  /**
   * The plugin's ini section (e.g. [model.original]): `{id, help, schema}`, the single source of
   * defaults. A function of the registries when its choices list what plugins registered (the loss
   * plugin offers every registered loss); it is called again whenever the section is needed.
   */
  config?: S | ((registries: PluginRegistries) => S);
  /** Named presets for that section. */
  presets?: Record<string, Preset>;
  apply(api: PluginApi<S>): void;
}

/** The static package.json field that marks a package as a faceforge plugin. */
export interface PackageMarker {
  kind: PluginKind;
  name: string;
}

/** Type-checks a plugin object; `api.options()` is typed from its `config` section. */
export function definePlugin<S extends ConfigSection | undefined = undefined>(plugin: FaceforgePlugin<S>): FaceforgePlugin {
  return plugin as unknown as FaceforgePlugin;
}
