/**
 * The plugin contract. A plugin is an npm package whose package.json has a static
 * `"faceforge": {"kind": ..., "name": ...}` field and the keyword `faceforge-plugin`; its module
 * exports `meta`, an optional config section (JSON Schema), presets, and `apply(forge)`, which taps
 * the frozen hooks (webpack's Compiler is the model). Plugins use only what `apply` receives: a
 * plugin installed elsewhere must never load its own copy of tfjs.
 */
import type { ConfigSection } from '../config/options.js';
import type { Forge } from '../forge.js';

/** `convert`: colour adjustments, writers and other convert-time plugins (their sections are not training's). */
export const PLUGIN_KINDS = ['model', 'loss', 'augmentation', 'mask', 'upscaler', 'trainer', 'convert'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

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

export interface FaceforgePlugin {
  meta: PluginMeta;
  /** The plugin's ini section (e.g. [model.original]); the schema is the single source of defaults. */
  config?: ConfigSection;
  /** Named presets for that section. */
  presets?: Record<string, Preset>;
  apply(forge: Forge): void;
}

/** The static package.json field that marks a package as a faceforge plugin. */
export interface PackageMarker {
  kind: PluginKind;
  name: string;
}

/** Identity helper that type-checks a plugin object. */
export function definePlugin(plugin: FaceforgePlugin): FaceforgePlugin {
  return plugin;
}
