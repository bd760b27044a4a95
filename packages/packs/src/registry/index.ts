/** The registry client and the static layout it reads (the server lives in registry/). */
export * from './index-format.js';
export * from './integrity.js';
export * from './search-index.js';
export * from './resolve-version.js';
export * from './registry-writer.js';
export * from './open-registry.js';
export { PUBLIC_DIR } from './directory-source.js';
export { packApiPath } from './http-writer.js';
