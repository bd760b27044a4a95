/** `@faceforge/core/config`: Config files for commands: ini files, presets, and the options a model locks at creation. */
export * from '../config/ini-file.js';
export * from '../config/presets.js';
export * from '../train/locked-config.js';
export * from '../train/last-config.js';
