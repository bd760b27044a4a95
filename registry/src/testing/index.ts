/** Test helpers (not part of the server): build packs and archives in memory. */
export * from './test-pack.js';
export * from './gzip-bomb.js';
