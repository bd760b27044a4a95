/**
 * @faceforge/packs: packs and the registry index, with no tfjs, sharp or face-api. The pack
 * manifest and spec, architecture fingerprints of plain weight descriptors, the weights file
 * format, pack archives (build, inspect, extract), the local pack store, and the registry index,
 * its integrity, search, version resolution, sources, writers and client. The marketplace server
 * (@faceforge/registry) needs only this; @faceforge/core adds what needs a built model.
 */
export * from './util/errors.js';
export * from './util/logger.js';

// io
export * from './io/atomic.js';
export * from './io/faceforge-dirs.js';
export * from './io/weights-file.js';

// packs
export * from './packs/pack-manifest.js';
export * from './packs/pack-spec.js';
export * from './packs/fingerprint.js';
export * from './packs/archive-input.js';
export * from './packs/inspect-pack.js';
export * from './packs/build-pack.js';
export * from './packs/extract-pack.js';
export { lineageStart } from './packs/model-card.js';
export * from './packs/pack-store.js';

// registry (marketplace) client and index
export * from './registry/plugin-kinds.js';
export * from './registry/index.js';
