/**
 * The plugin kinds a registry index lists plugins under. The same list as core's PLUGIN_KINDS
 * (core's registry-plugin-kinds test fails if the two ever differ).
 */
export const PLUGIN_KINDS = ['model', 'loss', 'augmentation', 'mask', 'upscaler', 'trainer', 'convert'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];
