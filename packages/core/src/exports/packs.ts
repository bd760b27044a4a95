/** `@faceforge/core/packs`: Packs that need a model: packing encoders and decoders, starting from a pack, seasoning, lineage (the pack format, store and registry client are @faceforge/packs). */
export * from '../packs/fingerprint.js';
export * from '../packs/start-from-pack.js';
export * from '../packs/model-lineage.js';
export * from '../packs/model-packs.js';
export * from '../packs/install-decoder.js';
export { packLockedConfig } from '../packs/pack-options.js';
