/**
 * What a plugin package is, by what it contributes: the kinds core loads and a registry index
 * lists plugins under (core re-exports this list; it lives here because the index needs it without
 * core). `model`, `loss`, `augmentation`, `mask`, `optimizer`, `upscaler` register into the
 * registry of that name; `convert` covers colour adjustments, writers and other convert-time taps
 * (their sections are convert's, not training's); `trainer` is for plugins that only tap training hooks.
 */
export const PLUGIN_KINDS = ['model', 'loss', 'augmentation', 'mask', 'optimizer', 'upscaler', 'convert', 'trainer'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];
