/** The registry client and the static layout it reads (the server lives in registry/). */
export * from './index-format.js';
export * from './integrity.js';
export * from './search-index.js';
export * from './resolve-version.js';
export * from './pack-spec.js';
export * from './registry-writer.js';
export * from './open-registry.js';
export { PUBLIC_DIR } from './directory-source.js';
export { packApiPath } from './http-writer.js';
// TEMPORARY until branch packs is merged: core's inspectPack lives in packs/inspect-pack.ts
export { inspectPack } from './pack-inspection.js';
