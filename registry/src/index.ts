/** @faceforge/registry: the marketplace server and the static layout it writes. */
export * from './registry-paths.js';
export * from './registry-store.js';
export * from './server.js';
export { serveStatic, staticFilePath } from './static-files.js';
export { StoreLock } from './store-lock.js';
